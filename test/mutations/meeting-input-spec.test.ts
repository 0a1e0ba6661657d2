import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ZOOM_APPROVAL_TYPES,
  ZOOM_AUDIO_TYPES,
  ZOOM_AUTO_RECORDINGS,
  ZOOM_MEETING_TYPES,
  ZOOM_MONTHLY_WEEKS,
  ZOOM_RECURRENCE_TYPES,
  ZOOM_WEEKDAYS,
} from '../../src/mutations/meeting-input.ts';
import { MEETING_INPUT_LIMITS } from '../../src/mutations/validate-meeting-input.ts';

// The limits and enums must be the spec's: it is the truth for Zoom's request schemas.
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const specPath = process.env.ZOOM_OPENAPI_SPEC ?? resolve(repo, '../shared/zoom-openapi/ZoomMeetingAPISpec.2023-10.json');
const hasSpec = existsSync(specPath);
if (!hasSpec) console.warn(`meeting-input-spec: skipped, Zoom OpenAPI spec not found at ${specPath} (set ZOOM_OPENAPI_SPEC)`);

type Schema = { properties: Record<string, Schema & { maxLength?: number; maximum?: number; enum?: unknown[] }> };

function requestSchema(path: string, method: 'post' | 'patch'): Schema {
  const spec = JSON.parse(readFileSync(specPath, 'utf8'));
  return spec.paths[path][method].requestBody.content['application/json'].schema;
}

describe.skipIf(!hasSpec)('meeting input limits match the Zoom spec', () => {
  for (const [path, method] of [['/users/{userId}/meetings', 'post'], ['/meetings/{meetingId}', 'patch']] as const) {
    it(`${method.toUpperCase()} ${path}`, () => {
      const schema = requestSchema(path, method);
      const p = schema.properties;
      expect(p['topic']!.maxLength).toBe(MEETING_INPUT_LIMITS.topicMaxLength);
      expect(p['agenda']!.maxLength).toBe(MEETING_INPUT_LIMITS.agendaMaxLength);
      expect(p['password']!.maxLength).toBe(MEETING_INPUT_LIMITS.passwordMaxLength);
      expect([...p['type']!.enum!].sort()).toEqual(Object.values(ZOOM_MEETING_TYPES).sort());
      const r = p['recurrence']!.properties;
      expect(r['end_times']!.maximum).toBe(MEETING_INPUT_LIMITS.endTimesMax);
      expect([...r['type']!.enum!].sort()).toEqual(Object.values(ZOOM_RECURRENCE_TYPES).sort());
      expect([...r['monthly_week']!.enum!].sort()).toEqual(Object.values(ZOOM_MONTHLY_WEEKS).sort());
      expect([...r['monthly_week_day']!.enum!].sort()).toEqual(Object.values(ZOOM_WEEKDAYS).sort());
      const s = p['settings']!.properties;
      expect([...s['jbh_time']!.enum!].sort()).toEqual([...MEETING_INPUT_LIMITS.joinBeforeHostMinutes].sort());
      expect([...s['approval_type']!.enum!].sort()).toEqual(Object.values(ZOOM_APPROVAL_TYPES).sort());
      expect([...s['audio']!.enum!].sort()).toEqual(Object.values(ZOOM_AUDIO_TYPES).sort());
      expect([...s['auto_recording']!.enum!].sort()).toEqual(Object.values(ZOOM_AUTO_RECORDINGS).sort());
    });
  }
});
