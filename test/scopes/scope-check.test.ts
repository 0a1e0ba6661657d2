import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { startSandbox, SANDBOX_SCOPES, type Sandbox } from '../../src/sandbox/index.ts';
import { createScopeCheck } from '../../src/scopes/index.ts';
import { testConfig } from '../server/helpers.ts';

function recordingLogger() {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  return {
    lines,
    warn: (obj: Record<string, unknown>, msg: string) => lines.push({ level: 'warn', obj, msg }),
    info: (obj: Record<string, unknown>, msg: string) => lines.push({ level: 'info', obj, msg }),
  };
}

describe('createScopeCheck', () => {
  it('warns once naming each missing scope and its operations, and again only when the result changes', async () => {
    let granted: readonly string[] = SANDBOX_SCOPES.filter((s) => s !== 'report:read:admin' && s !== 'recording:read:admin');
    const logger = recordingLogger();
    const check = createScopeCheck({ grantedScopes: async () => granted, logger });
    expect(await check.run()).toEqual({
      status: 'missing',
      granted: 4,
      missing: [
        { scope: 'recording:read:admin', operations: ['recordingsList', 'meetingRecordings', 'recordingSettings'] },
        { scope: 'report:read:admin', operations: ['reportMeetingParticipants', 'reportMeetings', 'reportDaily'] },
      ],
    });
    await check.run();
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.msg).toContain('report:read:admin (for reportMeetingParticipants, reportMeetings, reportDaily)');
    granted = SANDBOX_SCOPES;
    expect(await check.run()).toEqual({ status: 'complete', granted: SANDBOX_SCOPES.length });
    expect(check.last).toEqual({ status: 'complete', granted: SANDBOX_SCOPES.length });
  });

  it('says unknown, without a warning, when Zoom reports no scopes or granular ones', async () => {
    const logger = recordingLogger();
    expect(await createScopeCheck({ grantedScopes: async () => undefined, logger }).run()).toEqual({ status: 'unknown', reason: 'NOT_REPORTED' });
    const granular = createScopeCheck({ grantedScopes: async () => ['meeting:read:meeting:admin'], logger });
    expect(await granular.run()).toEqual({ status: 'unknown', reason: 'GRANULAR_SCOPES' });
    expect(logger.lines.map((l) => l.level)).toEqual(['info']);
  });
});

describe('the gateway against a sandbox that grants fewer scopes', () => {
  let sandbox: Sandbox | undefined;
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    await sandbox?.close();
  });

  it('reports the missing scope at start and in /readyz details, staying ready, with one token request', async () => {
    sandbox = await startSandbox({ rateLimits: 'unlimited', scopes: SANDBOX_SCOPES.filter((s) => s !== 'report:read:admin') });
    const { accountId, clientId, clientSecret } = sandbox.credentials;
    gateway = await createGateway(
      testConfig({ ZOOM_ACCOUNT_ID: accountId, ZOOM_CLIENT_ID: clientId, ZOOM_CLIENT_SECRET: clientSecret, ZOOM_API_URL: sandbox.apiUrl, ZOOM_OAUTH_URL: sandbox.oauthUrl }),
    );
    const missing = [{ scope: 'report:read:admin', operations: ['reportMeetingParticipants', 'reportMeetings', 'reportDaily'] }];
    expect(await gateway.checkScopes()).toEqual({ status: 'missing', granted: 5, missing });
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      details: { zoom: { state: 'closed', calls: 0, failures: 0 }, scopes: { status: 'missing', granted: 5, missing } },
    });
    expect(sandbox.stats.tokenRequests()).toBe(1);
  });
});
