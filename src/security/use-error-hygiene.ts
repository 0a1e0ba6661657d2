import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { GENERIC_LIMIT_MESSAGE } from './query-limit-error.ts';

/** graphql-js's suggestion sentences: `Did you mean "x"?`, `Did you mean "x" or "y"?`, `Did you mean the enum value "X"?`. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;
/** graphql-js's `parse(source, { maxTokens })` refusal (graphql 16 spells it "more that"). */
const TOKEN_LIMIT = /Document contains more tha[nt] \d+ tokens/;

export interface ErrorHygieneOptions {
  /** In production: strip suggestions from every error and hide limit numbers. */
  readonly isProduction: boolean;
}

/**
 * Apollo plugin for what validation rules cannot reach:
 * - gives a token-limit parse error `validationErrorCode: MAX_TOKENS_EXCEEDED` (and, in production, the generic message);
 * - in production, removes "Did you mean ...?" from every error, not only validation errors: graphql-js also
 *   suggests input field and enum names while coercing variables, which Apollo's `hideSchemaDetailsFromClientErrors`
 *   does not touch.
 * It runs in `didEncounterErrors`, before errors are formatted, so every later formatter sees the clean text.
 */
export function useErrorHygiene<TContext extends BaseContext>(options: ErrorHygieneOptions): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) applyErrorHygiene(error, options);
        },
      };
    },
  };
}

/**
 * What `useErrorHygiene` does to one error, in place: for servers outside Apollo's pipeline (the graphql-ws
 * subscriptions), so both paths answer alike. Call it on every error before it is formatted.
 */
export function applyErrorHygiene(error: GraphQLError, options: ErrorHygieneOptions): void {
  if (TOKEN_LIMIT.test(error.message)) {
    (error.extensions as Record<string, unknown>)['validationErrorCode'] = 'MAX_TOKENS_EXCEEDED';
    if (options.isProduction) error.message = GENERIC_LIMIT_MESSAGE;
  }
  if (options.isProduction) error.message = error.message.replace(SUGGESTION, '');
}
