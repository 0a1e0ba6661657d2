import { SandboxHttpError, type SandboxModel } from '../../src/sandbox/types.ts';
import type { ZoomOperationId } from '../../src/zoom/operations.ts';
import type { ZoomErrorBody } from '../../src/zoom/wire.ts';

/** Zoom's error answer for a request the model must refuse; throws when the model answers it instead. */
export function refusalOf(
  model: SandboxModel,
  operation: ZoomOperationId,
  params: Record<string, string> = {},
  query: Record<string, string> = {},
  body?: unknown,
): { status: number; body: ZoomErrorBody } {
  try {
    model.handle({ operation, params, query: new URLSearchParams(query), body });
  } catch (error) {
    if (error instanceof SandboxHttpError) return { status: error.status, body: error.body };
    throw error;
  }
  throw new Error(`${operation} succeeded but was expected to fail`);
}
