import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';

/**
 * Validates answers against Zoom's OpenAPI spec with a real JSON Schema validator (ajv 8 + ajv-formats), for the
 * sandbox's contract tests (model level and HTTP level).
 *
 * The spec is OpenAPI 3.0, whose schemas are a dialect of JSON Schema; they are converted before compiling:
 * `nullable` becomes a `null` type, `$ref`s to `#/components/...` resolve against the spec's components,
 * boolean `exclusiveMinimum/Maximum` become numbers, and annotation-only keys (`example`, `x-*`, `extensions`,
 * `deprecated`, ...) are dropped, as are formats no validator knows (the spec has `"format": "Hex color code"`).
 *
 * The spec gives most error answers no schema, only a description listing Zoom's codes
 * ("**Error Code:** `1001`"). Those answers are validated against Zoom's documented error body
 * (`ZOOM_ERROR_BODY_SCHEMA`), and the codes the description lists are returned as `documentedCodes`.
 * @see https://developers.zoom.us/docs/api/rest/error-definitions/
 */

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the spec is read from: `ZOOM_OPENAPI_SPEC`, else `<repo>/../shared/zoom-openapi/ZoomMeetingAPISpec.2023-10.json`. */
export function specPath(): string {
  return process.env['ZOOM_OPENAPI_SPEC'] ?? resolve(REPO_ROOT, '../shared/zoom-openapi/ZoomMeetingAPISpec.2023-10.json');
}

/** Whether the spec file exists; tests use `describe.skipIf(!specAvailable())` and say why. */
export function specAvailable(): boolean {
  return existsSync(specPath());
}

/** Zoom's error body: `{"code": 1001, "message": "..."}`, plus `errors[]` of `{field, message}` for code 300. */
export const ZOOM_ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'integer' },
    message: { type: 'string', minLength: 1 },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export interface ResponseValidation {
  valid: boolean;
  /** ajv's errors as `<instancePath> <message>` lines, or why nothing could be validated. */
  errors: string[];
  /**
   * JSON paths of properties present in `body` that the schema does not declare (the spec never sets
   * `additionalProperties: false`, so these pass validation; they point at typos or invented fields).
   * Subtrees under `oneOf`/`anyOf`/`allOf` are not inspected.
   */
  undeclared: string[];
  /** For error answers: the Zoom codes the spec's description lists for that status. */
  documentedCodes: number[];
  /** Whether the spec defined a JSON schema for this status (false: the fallback error schema was used). */
  fromSpec: boolean;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  /** Template path as in the spec, e.g. `/users/{userId}`. */
  path: string;
  /** Status codes the spec defines (`"200"`, `"404"`, ...). */
  statuses: string[];
  /** OAuth scopes of `security[].openapi_oauth`, any one of which the operation needs. */
  scopes: string[];
}

export interface OpenApiValidator {
  /** Validates one answer: `path` is a spec template (`/users/{userId}`) or a concrete path (`/v2/users/me`). */
  validateResponse(method: string, path: string, status: number, body: unknown): ResponseValidation;
  /** The operation a method and path resolve to; throws if the spec has none. */
  operation(method: string, path: string): SpecOperation;
  /** The request body schema of an operation (converted), if any. */
  requestSchema(method: string, path: string): Record<string, unknown> | undefined;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const validators = new Map<string, OpenApiValidator>();

/** Loads (once per file) and returns the validator for the spec at `path` (default `specPath()`). */
export function loadOpenApiValidator(path: string = specPath()): OpenApiValidator {
  let validator = validators.get(path);
  if (!validator) {
    if (!existsSync(path)) throw new Error(`Zoom OpenAPI spec not found at ${path}; set ZOOM_OPENAPI_SPEC to its location`);
    validator = createValidator(JSON.parse(readFileSync(path, 'utf8')) as JsonObject);
    validators.set(path, validator);
  }
  return validator;
}

/** `loadOpenApiValidator().validateResponse(...)` for the default spec. */
export function validateResponse(method: string, path: string, status: number, body: unknown): ResponseValidation {
  return loadOpenApiValidator().validateResponse(method, path, status, body);
}

const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (ajv: Ajv) => Ajv;

// Formats ajv-formats implements; any other `format` in the spec is an annotation only.
const KNOWN_FORMATS = new Set([
  'date', 'time', 'date-time', 'duration', 'uri', 'uri-reference', 'uri-template', 'url', 'email', 'hostname', 'ipv4',
  'ipv6', 'regex', 'uuid', 'json-pointer', 'relative-json-pointer', 'byte', 'int32', 'int64', 'float', 'double',
  'password', 'binary',
]);
const DROPPED_KEYS = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated', 'extensions', 'readOnly', 'writeOnly', 'nullable']);
const SPEC_ID = 'zoom-openapi-spec';

function createValidator(spec: JsonObject): OpenApiValidator {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: convert((spec['components'] ?? {}) as Json) } as object);
  const errorValidator = ajv.compile(ZOOM_ERROR_BODY_SCHEMA);
  const paths = (spec['paths'] ?? {}) as Record<string, Record<string, JsonObject>>;
  const templates = Object.keys(paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  const compiled = new Map<string, ValidateFunction>();

  const resolveOperation = (method: string, rawPath: string): { template: string; op: JsonObject } => {
    const lower = method.toLowerCase();
    const path = rawPath.replace(/^\/v2(?=\/)/, '').split('?')[0] as string;
    const template = paths[path]?.[lower] ? path : templates.find((t) => t.pattern.test(path) && paths[t.template]?.[lower])?.template;
    const op = template === undefined ? undefined : paths[template]?.[lower];
    if (template === undefined || !op) throw new Error(`The spec has no operation ${method.toUpperCase()} ${rawPath}`);
    return { template, op };
  };

  const jsonSchemaOf = (node: Json | undefined): Json | undefined => {
    const content = (node as JsonObject | undefined)?.['content'] as JsonObject | undefined;
    const media = (content?.['application/json'] ?? content?.['application/json; charset=utf-8']) as JsonObject | undefined;
    return media?.['schema'];
  };

  return {
    operation(method, path) {
      const { template, op } = resolveOperation(method, path);
      return {
        operationId: String(op['operationId'] ?? ''),
        method: method.toUpperCase(),
        path: template,
        statuses: Object.keys((op['responses'] ?? {}) as JsonObject),
        scopes: ((op['security'] ?? []) as Array<Record<string, unknown>>).flatMap((entry) => (entry['openapi_oauth'] ?? []) as string[]),
      };
    },

    requestSchema(method, path) {
      const { op } = resolveOperation(method, path);
      const schema = jsonSchemaOf(op['requestBody']);
      return schema === undefined ? undefined : (convert(schema) as Record<string, unknown>);
    },

    validateResponse(method, path, status, body) {
      const { template, op } = resolveOperation(method, path);
      const responses = (op['responses'] ?? {}) as JsonObject;
      const response = (responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses['default']) as JsonObject | undefined;
      const result: ResponseValidation = { valid: false, errors: [], undeclared: [], documentedCodes: [], fromSpec: false };
      if (!response) {
        result.errors.push(`${method.toUpperCase()} ${template} defines no ${status} response (defined: ${Object.keys(responses).join(', ')})`);
        return result;
      }
      result.documentedCodes = documentedCodes(String(response['description'] ?? ''));
      const schema = jsonSchemaOf(response);
      if (schema === undefined) {
        if (status === 204 || status === 304) {
          result.valid = body === undefined || body === '' || body === null;
          if (!result.valid) result.errors.push(`${status} must have no body`);
          return result;
        }
        if (status >= 400) return finish(result, errorValidator, body, undefined);
        result.valid = body === undefined;
        if (!result.valid) result.errors.push(`the spec defines no body for ${status}`);
        return result;
      }
      const key = `${method.toLowerCase()} ${template} ${status}`;
      let validate = compiled.get(key);
      const converted = convert(schema);
      if (!validate) {
        validate = ajv.compile(converted as object);
        compiled.set(key, validate);
      }
      result.fromSpec = true;
      return finish(result, validate, body, converted);
    },
  };
}

function finish(result: ResponseValidation, validate: ValidateFunction, body: unknown, schema: Json | undefined): ResponseValidation {
  result.valid = validate(body) === true;
  result.errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${JSON.stringify(e.params['allowedValues'])})` : ''}`);
  if (schema !== undefined) collectUndeclared(schema, body, '', result.undeclared);
  return result;
}

/** `**Error Code:** \`1001\`` -> 1001, for every code in a response description. */
function documentedCodes(description: string): number[] {
  return [...new Set([...description.matchAll(/Error Code:\**\s*`(\d+)`/g)].map((m) => Number(m[1])))];
}

/** OpenAPI 3.0 schema object -> JSON Schema (draft-07, as ajv 8 reads it by default). */
function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYS.has(key) || key.startsWith('x-')) continue;
    if (key === 'format' && (typeof value !== 'string' || !KNOWN_FORMATS.has(value))) continue;
    if (key === '$ref' && typeof value === 'string') {
      out[key] = value.startsWith('#/') ? `${SPEC_ID}${value}` : value;
      continue;
    }
    if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') continue;
    // `properties` maps names to schemas; convert each schema, never treat a property name as a keyword.
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, convert(schema)]));
      continue;
    }
    out[key] = convert(value);
  }
  const source = node as JsonObject;
  if (source['exclusiveMinimum'] === true && typeof source['minimum'] === 'number') {
    out['exclusiveMinimum'] = source['minimum'];
    delete out['minimum'];
  }
  if (source['exclusiveMaximum'] === true && typeof source['maximum'] === 'number') {
    out['exclusiveMaximum'] = source['maximum'];
    delete out['maximum'];
  }
  if (source['nullable'] === true) {
    if (typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
    else if (Array.isArray(out['type'])) out['type'] = [...out['type'], 'null'];
    if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
    if (out['type'] === undefined) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function collectUndeclared(schema: Json, value: unknown, path: string, out: string[]): void {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return;
  if ('oneOf' in schema || 'anyOf' in schema || 'allOf' in schema || '$ref' in schema) return;
  if (Array.isArray(value)) {
    const items = schema['items'];
    if (items !== undefined) value.forEach((item, index) => collectUndeclared(items, item, `${path}[${index}]`, out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const properties = schema['properties'] as JsonObject | undefined;
  if (!properties) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childSchema = properties[key];
    if (childSchema === undefined) out.push(path === '' ? key : `${path}.${key}`);
    else collectUndeclared(childSchema, child, path === '' ? key : `${path}.${key}`, out);
  }
}
