import { describe, expect, it } from 'vitest';
import { SANDBOX_SCOPES } from '../../src/sandbox/oauth.ts';
import { ZOOM_OPERATIONS, type ZoomOperationId } from '../../src/zoom/operations.ts';
import { isClassicScopeSet, isScopeRefusal, missingScopes, parseScopeString, satisfies, scopesFromRefusal } from '../../src/zoom/scopes.ts';

describe('OAuth scopes', () => {
  it("parses the token response's one space-separated scope string", () => {
    expect(parseScopeString('user:read:admin  meeting:read:admin user:read:admin')).toEqual(['user:read:admin', 'meeting:read:admin']);
    expect(parseScopeString(undefined)).toBeUndefined();
  });

  it("reads the scope names from Zoom's 4711 message, and nothing from other messages", () => {
    const message = 'Invalid access token, does not contain scopes:[contact:read:list_contacts, contact:read:list_contacts:admin].';
    expect(scopesFromRefusal(message)).toEqual(['contact:read:list_contacts', 'contact:read:list_contacts:admin']);
    expect(isScopeRefusal(4711, 'x')).toBe(true);
    expect(isScopeRefusal(124, message)).toBe(true);
    expect(isScopeRefusal(124, 'Invalid access token.')).toBe(false);
    expect(scopesFromRefusal('Invalid access token.')).toEqual([]);
    // Only scope-shaped names pass: whatever else a message holds stays out of the client's extensions.
    expect(scopesFromRefusal('does not contain scopes:[Bearer abc.def, x]')).toEqual([]);
  });

  it('an :admin scope covers its user-level form, not the other way round', () => {
    expect(satisfies(new Set(['recording:read:admin']), ['recording:read', 'phone_recording:read:admin'])).toBe(true);
    expect(satisfies(new Set(['recording:read']), ['recording:read:admin'])).toBe(false);
  });

  it('names each missing scope once with the operations that need it', () => {
    const granted = SANDBOX_SCOPES.filter((s) => s !== 'recording:read:admin');
    expect(missingScopes(granted)).toEqual([
      { scope: 'recording:read:admin', operations: ['recordingsList', 'meetingRecordings', 'recordingSettings'] },
    ]);
    expect(missingScopes(SANDBOX_SCOPES)).toEqual([]);
    expect(missingScopes([], ['users', 'user', 'meeting'])).toEqual([
      { scope: 'meeting:read:admin', operations: ['meeting'] },
      { scope: 'user:read:admin', operations: ['users', 'user'] },
    ]);
  });

  it('tells classic scope sets from granular ones', () => {
    expect(isClassicScopeSet(SANDBOX_SCOPES)).toBe(true);
    expect(isClassicScopeSet(['meeting:read:list_past_instances:admin', 'user:read:admin'])).toBe(false);
  });

  it('every operation names at least one scope', () => {
    for (const id of Object.keys(ZOOM_OPERATIONS) as ZoomOperationId[]) expect(ZOOM_OPERATIONS[id].scopes.length, id).toBeGreaterThan(0);
  });
});
