import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApiValidator, type OpenApiValidator } from './openapi.ts';

/** The OpenAPI 3.0 features the Zoom spec does not use today but the validator must handle for any spec. */
const SPEC = {
  openapi: '3.0.0',
  paths: {
    '/things/{thingId}': {
      get: {
        operationId: 'thing',
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '404': { description: '**Error Code:** `4040` <br> Thing not found. **Error Code:** `4041`' },
        },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id'],
        properties: {
          id: { type: 'integer', format: 'int64', example: 1 },
          note: { type: 'string', nullable: true, 'x-vendor': 'ignored' },
          colour: { type: 'string', format: 'Hex color code' },
          score: { type: 'number', minimum: 0, exclusiveMinimum: true },
          kind: { type: 'string', enum: ['a', 'b'], nullable: true },
          parent: { $ref: '#/components/schemas/Thing' },
        },
      },
    },
  },
};

describe('loadOpenApiValidator', () => {
  let dir: string;
  let validator: OpenApiValidator;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    const path = join(dir, 'spec.json');
    writeFileSync(path, JSON.stringify(SPEC));
    validator = loadOpenApiValidator(path);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves $refs (recursive ones too), honours nullable, and ignores unknown formats and x- keys', () => {
    const ok = validator.validateResponse('GET', '/things/{thingId}', 200, { id: 1, note: null, kind: null, colour: 'not-a-colour', parent: { id: 2, note: 'x' } });
    expect(ok.errors).toEqual([]);
    expect(ok.valid).toBe(true);
    const bad = validator.validateResponse('GET', '/things/7', 200, { id: 1, parent: { note: 3 } });
    expect(bad.valid).toBe(false);
    expect(bad.errors.join('\n')).toMatch(/\/parent/);
  });

  it('turns a boolean exclusiveMinimum into the numeric form', () => {
    expect(validator.validateResponse('GET', '/things/1', 200, { id: 1, score: 0 }).valid).toBe(false);
    expect(validator.validateResponse('GET', '/things/1', 200, { id: 1, score: 0.5 }).valid).toBe(true);
  });

  it('validates schema-less error answers against Zoom\'s error body and lists the documented codes', () => {
    const result = validator.validateResponse('GET', '/things/1', 404, { code: 4040, message: 'Thing not found.' });
    expect(result).toMatchObject({ valid: true, fromSpec: false, documentedCodes: [4040, 4041] });
    expect(validator.validateResponse('GET', '/things/1', 404, { code: '4040', message: 'x' }).valid).toBe(false);
    expect(validator.validateResponse('GET', '/things/1', 500, { code: 1, message: 'x' }).errors[0]).toMatch(/defines no 500 response/);
  });

  it('names the operation of a concrete path and fails loudly for unknown ones or a missing spec', () => {
    expect(validator.operation('get', '/v2/things/42')).toEqual({ operationId: 'thing', method: 'GET', path: '/things/{thingId}', statuses: ['200', '404'], scopes: [] });
    expect(() => validator.operation('POST', '/things/1')).toThrow(/no operation POST/);
    expect(() => loadOpenApiValidator(join(dir, 'missing.json'))).toThrow(/ZOOM_OPENAPI_SPEC/);
  });
});
