import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SignJWT } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { JwtAuthOptions } from '../auth/options.ts';
import { isEmailAddress } from '../zoom/ids.ts';

/** Where a sandbox-mode gateway issues development JWTs (POST, JSON body, loopback callers only). */
export const DEV_TOKEN_PATH = '/dev/token';
/** `iss` and `aud` of development tokens: nothing but this process's own verifier accepts them. */
export const DEV_TOKEN_ISSUER = 'zoom-graphql-gateway/dev-token';
export const DEV_TOKEN_AUDIENCE = 'zoom-graphql-gateway';
/** Lifetime of a development token when none is asked for, and the longest one given (seconds). */
export const DEV_TOKEN_DEFAULT_TTL_SECONDS = 3600;
export const DEV_TOKEN_MIN_TTL_SECONDS = 60;
/** The code of a refused token request (a body that is not a valid one). */
export const DEV_TOKEN_REQUEST_INVALID = 'DEV_TOKEN_REQUEST_INVALID';

export interface DevTokenRequest {
  readonly role: 'admin' | 'member';
  /** The sandbox user a member token is bound to (its email, the JWT `email` claim); optional display email for an admin. */
  readonly email?: string;
  readonly ttlSeconds?: number;
}

export interface IssuedDevToken {
  readonly token: string;
  readonly tokenType: 'Bearer';
  /** ISO 8601. */
  readonly expiresAt: string;
  readonly role: 'admin' | 'member';
  readonly email?: string;
}

export interface DevTokens {
  /** What the gateway's JWT verifier must trust for these tokens: the per-process secret, issuer and audience. */
  readonly jwt: JwtAuthOptions;
  issue(request: DevTokenRequest, now?: Date): Promise<IssuedDevToken>;
}

const devTokenRequest = z.strictObject({
  role: z.enum(['admin', 'member']),
  email: z.string().trim().refine(isEmailAddress, 'an email address').optional(),
  ttlSeconds: z.number().int().min(DEV_TOKEN_MIN_TTL_SECONDS).max(DEV_TOKEN_DEFAULT_TTL_SECONDS).optional(),
}).refine((body) => body.role !== 'member' || body.email !== undefined, {
  message: 'a member token needs the email of the sandbox user it acts as',
  path: ['email'],
});

/**
 * Development JWTs for a browser app signing in to a sandbox-mode gateway the way it will sign in to a real one
 * (`Authorization: Bearer`), without an identity provider. HS256 with a random 256-bit secret made per process start
 * and never written anywhere: a restart invalidates every token, and no other process can mint one. Only for the
 * sandbox with no callers configured (see `createGatewayAuthenticator`): configured callers stay the only ones.
 */
export function createDevTokens(): DevTokens {
  const secret = new Uint8Array(randomBytes(32));
  const jwt: JwtAuthOptions = Object.freeze({
    secret,
    issuer: DEV_TOKEN_ISSUER,
    audience: DEV_TOKEN_AUDIENCE,
    algorithms: ['HS256'],
    maxTokenLifetimeSeconds: DEV_TOKEN_DEFAULT_TTL_SECONDS,
  });
  return {
    jwt,
    async issue(request, now = new Date()) {
      const ttlSeconds = request.ttlSeconds ?? DEV_TOKEN_DEFAULT_TTL_SECONDS;
      const issuedAt = Math.floor(now.getTime() / 1000);
      const expiresAt = issuedAt + ttlSeconds;
      const subject = request.role === 'admin' ? 'dev-admin' : `dev-member:${request.email}`;
      const token = await new SignJWT({ role: request.role, ...(request.email === undefined ? {} : { email: request.email }) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(DEV_TOKEN_ISSUER)
        .setAudience(DEV_TOKEN_AUDIENCE)
        .setSubject(subject)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(secret);
      return {
        token,
        tokenType: 'Bearer',
        expiresAt: new Date(expiresAt * 1000).toISOString(),
        role: request.role,
        ...(request.email === undefined ? {} : { email: request.email }),
      };
    },
  };
}

/**
 * `POST /dev/token` with `{ "role": "admin" }` or `{ "role": "member", "email": "<sandbox user>" }` (and optionally
 * `ttlSeconds`, 60 to 3600) answers `{ token, tokenType, expiresAt, role, email }`. Registered only when the gateway
 * has development tokens (sandbox mode, not production, no callers configured), so elsewhere the path is a plain 404.
 * A caller that is not on loopback gets the same 404: the route is for the developer's own machine. A JSON content
 * type is required so a cross-origin page cannot post a "simple" request without a CORS preflight.
 */
export function registerDevTokenRoute(app: FastifyInstance, tokens: DevTokens, logger?: Logger): void {
  app.post(DEV_TOKEN_PATH, async (request, reply) => {
    if (!isLoopback(request)) return reply.code(404).send({ message: `Route POST:${DEV_TOKEN_PATH} not found`, error: 'Not Found', statusCode: 404 });
    const contentType = request.headers['content-type'] ?? '';
    const parsed = /^application\/json\b/i.test(contentType) ? devTokenRequest.safeParse(request.body) : undefined;
    if (parsed === undefined || !parsed.success) {
      const detail = parsed === undefined
        ? 'send Content-Type: application/json'
        : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
      return reply.code(400).send({
        errors: [{
          message: `A development token request is {"role":"admin"} or {"role":"member","email":"<sandbox user's email>"}, with an optional "ttlSeconds" from ${DEV_TOKEN_MIN_TTL_SECONDS} to ${DEV_TOKEN_DEFAULT_TTL_SECONDS} (${detail}).`,
          extensions: { code: DEV_TOKEN_REQUEST_INVALID },
        }],
      });
    }
    const issued = await tokens.issue(parsed.data);
    // The token itself is never logged.
    logger?.info({ role: issued.role, email: issued.email, expiresAt: issued.expiresAt }, 'development token issued');
    return reply.header('cache-control', 'no-store').send(issued);
  });
}

function isLoopback(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}
