import { z } from 'zod';
import { commaList, flag, row, wholeNumber, type ConfigIssue, type SettingsValues } from '../config/define.ts';
import { ZOOM_CACHE_DEFAULTS } from './create-zoom-cache.ts';
import { CACHE_TTL_DEFAULTS, isCacheableOperation, type CacheableOperationId } from './policy.ts';

/** The shared cache's part of the gateway's configuration. */
export interface CacheConfig {
  readonly isEnabled: boolean;
  /** Seconds each cacheable operation's answers stay fresh (every operation listed; 0: not cached). */
  readonly ttlSeconds: Readonly<Record<CacheableOperationId, number>>;
  /** Seconds past its TTL an answer may be served while it is refreshed. */
  readonly staleSeconds: number;
  /** Bound of the in-process cache, in bytes. */
  readonly maxBytes: number;
}

/** Longest TTL accepted: a day (Zoom's page tokens live 15 minutes, but entities may be kept longer). */
const MAX_TTL_SECONDS = 86_400;

/** `meeting=60,users=30`: seconds per operation; operations not listed keep their default. */
const ttlList = z.string().transform((value, context): Partial<Record<CacheableOperationId, number>> => {
  const ttls: Partial<Record<CacheableOperationId, number>> = {};
  const items = commaList(value);
  for (const item of items) {
    const match = /^(\w+)=(\d{1,6})$/.exec(item);
    const seconds = Number(match?.[2]);
    if (match === null || !isCacheableOperation(match[1] as string) || seconds > MAX_TTL_SECONDS) {
      context.addIssue({ code: 'custom', message: 'bad entry' });
      return {};
    }
    ttls[match[1] as CacheableOperationId] = seconds;
  }
  if (items.length === 0) context.addIssue({ code: 'custom', message: 'empty' });
  return ttls;
});

const defaultTtls = Object.entries(CACHE_TTL_DEFAULTS).map(([operation, seconds]) => `${operation}=${seconds}`).join(', ');

/** The cache's configuration variables (collected into the table in src/config/table.ts). */
export const CACHE_SETTINGS = {
  CACHE_ENABLED: row(flag, {
    group: 'Shared cache',
    description: 'Keep Zoom\'s answers to reads (users, meetings, their lists) in a cache shared by every request and caller (and every instance with REDIS_URL), invalidated by the gateway\'s writes and by Zoom\'s webhooks; concurrent identical reads become one Zoom call. false: every read goes to Zoom.',
    defaultText: 'true',
    example: 'false',
    expected: 'true or false',
  }),
  CACHE_TTLS: row(ttlList, {
    group: 'Shared cache',
    description: 'Seconds each Zoom read stays fresh in the cache, per operation (users, user, meetings, meeting, pastMeetingDetails, pastMeetingParticipants, meetingRegistrants, meetingRecordings, recordingSettings, recordingsList); 0 does not cache that operation. Without webhooks, this is how long a change made in Zoom may take to show.',
    defaultText: defaultTtls,
    example: 'meeting=30,users=10',
    expected: `comma-separated operation=seconds entries (seconds from 0 to ${MAX_TTL_SECONDS})`,
  }),
  CACHE_STALE_SECONDS: row(wholeNumber(0, 3_600), {
    group: 'Shared cache',
    description: 'Seconds past its TTL a cached answer may still be served while one background read refreshes it (never after a write or webhook invalidated it): no answer is older than its TTL plus this. 0: answers past their TTL wait for Zoom.',
    defaultText: String(ZOOM_CACHE_DEFAULTS.staleSeconds),
    example: '0',
    expected: 'seconds from 0 to 3600',
  }),
  CACHE_MAX_BYTES: row(wholeNumber(1_048_576, 68_719_476_736), {
    group: 'Shared cache',
    description: 'Most memory the cache may hold in this process, in bytes (approximate: the answers\' JSON size); the least recently used answers go first. With REDIS_URL the answers live in Redis instead, bounded by their TTLs.',
    defaultText: String(ZOOM_CACHE_DEFAULTS.maxBytes),
    example: '268435456',
    expected: 'bytes from 1048576 (1 MiB) to 68719476736 (64 GiB)',
  }),
};

/** Builds `GatewayConfig.cache`. */
export function resolveCacheConfig(values: SettingsValues<typeof CACHE_SETTINGS>, _issues: ConfigIssue[]): CacheConfig {
  return {
    isEnabled: values.CACHE_ENABLED ?? true,
    ttlSeconds: { ...CACHE_TTL_DEFAULTS, ...values.CACHE_TTLS },
    staleSeconds: values.CACHE_STALE_SECONDS ?? ZOOM_CACHE_DEFAULTS.staleSeconds,
    maxBytes: values.CACHE_MAX_BYTES ?? ZOOM_CACHE_DEFAULTS.maxBytes,
  };
}
