/**
 * Stable codes for requests refused by the HTTP layer (fastify's body parser) before GraphQL sees them. The first
 * is Apollo's own code for malformed requests, so a client handles one code whoever refused the request.
 */
export type HttpRequestErrorCode = 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE';

/** A GraphQL-over-HTTP shaped refusal: a status and a body of `{ errors: [{ message, extensions: { code } }] }`. */
export interface HttpRequestErrorResponse {
  readonly statusCode: 400 | 413 | 415;
  readonly body: { errors: [{ message: string; extensions: { code: HttpRequestErrorCode } }] };
}

const BY_FASTIFY_CODE: Record<string, [HttpRequestErrorResponse['statusCode'], HttpRequestErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'BAD_REQUEST', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'BAD_REQUEST', 'The request body is empty.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST', 'The Content-Length header does not match the body.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as application/json.'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'BAD_REQUEST', 'The Content-Type header is invalid.'],
};

/**
 * Maps an error from fastify's body parsing to a GraphQL-shaped response, or `undefined` for any other error
 * (leave those to the server's own handler). The message is fixed per case: it never echoes the body, which may
 * hold credentials or a 10 MB variable. Use it first in `app.setErrorHandler`.
 */
export function toHttpRequestErrorResponse(error: unknown): HttpRequestErrorResponse | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !Object.hasOwn(BY_FASTIFY_CODE, code)) return undefined;
  const [statusCode, errorCode, message] = BY_FASTIFY_CODE[code]!;
  return { statusCode, body: { errors: [{ message, extensions: { code: errorCode } }] } };
}
