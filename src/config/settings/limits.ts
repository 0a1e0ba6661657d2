import { row, wholeNumber } from '../define.ts';
import { DEFAULT_QUERY_COST_BUDGET } from '../../cost/use-query-cost.ts';
import { DEFAULT_QUERY_LIMITS } from '../../security/limits.ts';

/** Per-request limits: the Zoom-call budget, the query's shape and the body's size. */
export const REQUEST_LIMIT_SETTINGS = {
  QUERY_COST_BUDGET_LIGHT: row(wholeNumber(0, 1_000_000), {
    group: 'Request limits',
    description: 'Most Zoom calls of the Light rate-limit category one GraphQL operation may be estimated to make; above it the operation is refused with COST_LIMIT_EXCEEDED before any Zoom call.',
    defaultText: String(DEFAULT_QUERY_COST_BUDGET.light),
    example: '200',
    expected: 'a whole number from 0 to 1000000',
  }),
  QUERY_COST_BUDGET_MEDIUM: row(wholeNumber(0, 1_000_000), {
    group: 'Request limits',
    description: 'The same for Medium calls (lists of users and meetings, past meeting participants).',
    defaultText: String(DEFAULT_QUERY_COST_BUDGET.medium),
    example: '50',
    expected: 'a whole number from 0 to 1000000',
  }),
  QUERY_COST_BUDGET_HEAVY: row(wholeNumber(0, 1_000_000), {
    group: 'Request limits',
    description: 'The same for Heavy and Resource-intensive calls (none of the operations the schema uses today is one; reports, for one, are Heavy).',
    defaultText: String(DEFAULT_QUERY_COST_BUDGET.heavy),
    example: '5',
    expected: 'a whole number from 0 to 1000000',
  }),
  QUERY_MAX_DEPTH: row(wholeNumber(1, 100), {
    group: 'Request limits',
    description: 'Most nested field levels in one operation, counted through fragments.',
    defaultText: String(DEFAULT_QUERY_LIMITS.maxDepth),
    example: '12',
    expected: 'a whole number from 1 to 100',
  }),
  QUERY_MAX_ALIASES: row(wholeNumber(1, 1_000), {
    group: 'Request limits',
    description: 'Most aliases in one operation, counted through fragments.',
    defaultText: String(DEFAULT_QUERY_LIMITS.maxAliases),
    example: '30',
    expected: 'a whole number from 1 to 1000',
  }),
  QUERY_MAX_TOKENS: row(wholeNumber(1, 100_000), {
    group: 'Request limits',
    description: 'Most lexical tokens in one GraphQL document; parsing stops at the limit.',
    defaultText: String(DEFAULT_QUERY_LIMITS.maxTokens),
    example: '5000',
    expected: 'a whole number from 1 to 100000',
  }),
  QUERY_MAX_DIRECTIVES: row(wholeNumber(1, 1_000), {
    group: 'Request limits',
    description: 'Most directives in one operation, counted through fragments.',
    defaultText: String(DEFAULT_QUERY_LIMITS.maxDirectives),
    example: '40',
    expected: 'a whole number from 1 to 1000',
  }),
  MAX_BODY_BYTES: row(wholeNumber(1_024, 100 * 1024 * 1024), {
    group: 'Request limits',
    description: 'Largest HTTP request body in bytes (query plus variables); larger ones get 413 PAYLOAD_TOO_LARGE unread.',
    defaultText: String(DEFAULT_QUERY_LIMITS.maxBodyBytes),
    example: '262144',
    expected: 'bytes from 1024 to 104857600',
  }),
};
