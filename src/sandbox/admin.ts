import { z } from 'zod';
import { SandboxFaultInputError, type SandboxFaults } from './faults.ts';
import type { SandboxStats } from './stats.ts';
import { SandboxHttpError, type SandboxModel } from './types.ts';
import type { SandboxWebhooks } from './webhooks.ts';

/** Path prefix of the admin endpoint, on the sandbox's own port. */
export const SANDBOX_ADMIN_PREFIX = '/_sandbox';

/** What the admin endpoint drives. */
export interface AdminContext {
  readonly model: SandboxModel;
  readonly stats: SandboxStats;
  readonly faults: SandboxFaults;
  readonly webhooks: SandboxWebhooks;
  readonly revokeAllTokens: () => void;
  /** Restores seeded data and forgets stats, faults, rate-limit buckets and webhook deliveries. */
  readonly reset: () => void;
}

export interface AdminAnswer {
  status: number;
  body?: unknown;
}

/**
 * Stable error codes of the admin endpoint (it is the sandbox's own API, not Zoom's, so it has its own codes).
 * Errors from the model (an unknown meeting, say) pass through with Zoom's status and body.
 */
export type AdminErrorCode = 'NOT_FOUND' | 'INVALID_JSON' | 'INVALID_FAULT' | 'INVALID_WEBHOOK' | 'NO_WEBHOOK';

const webhookConfigSchema = z.strictObject({ url: z.string().min(1), secretToken: z.string().min(1).optional() });
const joinSchema = z.strictObject({ name: z.string().min(1).optional(), email: z.string().min(3).optional() });

/**
 * Answers a request under `/_sandbox/`. The admin endpoint is unauthenticated, which is why the sandbox binds
 * 127.0.0.1 by default.
 *
 * - `GET stats`, `GET log?limit=N`, `POST reset`
 * - `GET|POST|DELETE faults` (POST body: `SandboxFaultsInput`), `POST tokens/revoke`
 * - `GET|PUT|DELETE webhook` (PUT body `{url, secretToken?}`), `POST webhooks/validate`, `GET webhooks/deliveries`
 * - `POST meetings/{id}/start`, `POST meetings/{id}/end`, `POST meetings/{id}/participants` (body `{name?, email?}`),
 *   `DELETE meetings/{id}/participants/{participantUuid}`
 *
 * @param path the path after `/_sandbox`, still percent-encoded, e.g. `/meetings/123/start`
 * @param defaultWebhookSecret the secret token used when `PUT webhook` names none
 */
export async function answerAdminRequest(
  context: AdminContext,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: string,
  defaultWebhookSecret: string,
): Promise<AdminAnswer> {
  const segments = path.split('/').slice(1).map(safeDecode);
  const route = `${method} ${segments.map((s, i) => (segments[0] === 'meetings' && (i === 1 || i === 3) ? '*' : s)).join('/')}`;
  let body: unknown;
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return adminError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
    }
  }
  try {
    switch (route) {
      case 'GET stats':
        return { status: 200, body: context.stats.snapshot() };
      case 'GET log': {
        const limit = query.get('limit');
        const parsed = limit === null ? undefined : Number.parseInt(limit, 10);
        return { status: 200, body: { entries: context.stats.log(Number.isFinite(parsed) ? parsed : undefined) } };
      }
      case 'POST reset':
        context.reset();
        return { status: 204 };
      case 'GET faults':
        return { status: 200, body: context.faults.snapshot() };
      case 'POST faults':
        context.faults.apply(body ?? {});
        return { status: 200, body: context.faults.snapshot() };
      case 'DELETE faults':
        context.faults.clear();
        return { status: 204 };
      case 'POST tokens/revoke':
        context.revokeAllTokens();
        return { status: 204 };
      case 'GET webhook': {
        const config = context.webhooks.config();
        return { status: 200, body: config === undefined ? { url: null } : { url: config.url } };
      }
      case 'PUT webhook': {
        const parsed = webhookConfigSchema.safeParse(body);
        if (!parsed.success) return adminError(400, 'INVALID_WEBHOOK', z.prettifyError(parsed.error));
        try {
          context.webhooks.configure({ url: parsed.data.url, secretToken: parsed.data.secretToken ?? defaultWebhookSecret });
        } catch (error) {
          return adminError(400, 'INVALID_WEBHOOK', (error as Error).message);
        }
        return { status: 200, body: { url: parsed.data.url } };
      }
      case 'DELETE webhook':
        context.webhooks.configure(undefined);
        return { status: 204 };
      case 'POST webhooks/validate':
        if (context.webhooks.config() === undefined) {
          return adminError(409, 'NO_WEBHOOK', 'No webhook endpoint is configured; PUT /_sandbox/webhook first.');
        }
        return { status: 200, body: await context.webhooks.validate() };
      case 'GET webhooks/deliveries':
        return { status: 200, body: { deliveries: context.webhooks.deliveries() } };
      case 'POST meetings/*/start':
        return { status: 200, body: context.model.startMeeting(segments[1] ?? '') };
      case 'POST meetings/*/end':
        return { status: 200, body: context.model.endMeeting(segments[1] ?? '') };
      case 'POST meetings/*/participants': {
        const parsed = joinSchema.safeParse(body ?? {});
        if (!parsed.success) return adminError(400, 'INVALID_JSON', z.prettifyError(parsed.error));
        context.model.participantJoined(segments[1] ?? '', parsed.data);
        return { status: 204 };
      }
      case 'DELETE meetings/*/participants/*':
        context.model.participantLeft(segments[1] ?? '', segments[3]);
        return { status: 204 };
      default:
        return adminError(404, 'NOT_FOUND', `No admin endpoint ${method} ${SANDBOX_ADMIN_PREFIX}${path}.`);
    }
  } catch (error) {
    if (error instanceof SandboxHttpError) return { status: error.status, body: error.body };
    if (error instanceof SandboxFaultInputError) return adminError(400, error.code, error.message);
    throw error;
  }
}

function adminError(status: number, code: AdminErrorCode, message: string): AdminAnswer {
  return { status, body: { code, message } };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
