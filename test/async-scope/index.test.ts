import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScopeKey, runInScope, scopeContextManager, scopeValue } from '../../src/async-scope/index.ts';

const TENANT = createScopeKey<string>('tenant');
const CALLER = createScopeKey<string>('caller');
const TRACE_KEY = createContextKey('trace value');

describe('the gateway scope', () => {
  it('carries a value through awaits, timers and promises started inside, and nowhere else', async () => {
    expect(scopeValue(TENANT)).toBeUndefined();
    const seen = await runInScope(TENANT, 'a', async () => {
      await sleep(1);
      const inTimer = await new Promise<string | undefined>((resolve) => setTimeout(() => resolve(scopeValue(TENANT)), 1));
      return [scopeValue(TENANT), inTimer];
    });
    expect(seen).toEqual(['a', 'a']);
    expect(scopeValue(TENANT)).toBeUndefined();
  });

  it('keeps each key apart: an inner run changes its key only, and concurrent runs do not see each other', async () => {
    const inner = runInScope(TENANT, 'outer', () =>
      runInScope(CALLER, 'c', () => runInScope(TENANT, 'inner', () => [scopeValue(TENANT), scopeValue(CALLER)])));
    expect(inner).toEqual(['inner', 'c']);
    const both = await Promise.all(['x', 'y'].map((tenant) => runInScope(TENANT, tenant, async () => {
      await sleep(tenant === 'x' ? 5 : 1);
      return scopeValue(TENANT);
    })));
    expect(both).toEqual(['x', 'y']);
  });
});

describe('the trace context in the same store', () => {
  beforeAll(() => {
    context.setGlobalContextManager(scopeContextManager);
  });
  afterAll(() => {
    context.disable();
  });

  it('is what OpenTelemetry sees as active, and a new root context keeps the gateway values', async () => {
    const traced = ROOT_CONTEXT.setValue(TRACE_KEY, 't');
    const seen = await runInScope(TENANT, 'a', () =>
      context.with(traced, async () => {
        await sleep(1);
        // A root of its own (a caller's traceparent, a subscription event's trace) replaces the trace context only.
        const fromRoot = context.with(ROOT_CONTEXT, () => [scopeValue(TENANT), context.active().getValue(TRACE_KEY)]);
        return [scopeValue(TENANT), context.active().getValue(TRACE_KEY), ...fromRoot];
      }));
    expect(seen).toEqual(['a', 't', 'a', undefined]);
  });

  it('keeps the active span when a gateway value is set inside it', () => {
    const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
    const inner = context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      runInScope(CALLER, 'c', () => trace.getActiveSpan()?.spanContext().spanId));
    expect(inner).toBe('b7ad6b7169203331');
  });

  it("binds functions and event emitters to a context with the library's bind", async () => {
    const traced = ROOT_CONTEXT.setValue(TRACE_KEY, 'bound');
    const read = context.bind(traced, () => context.active().getValue(TRACE_KEY));
    expect(read()).toBe('bound');
    const emitter = context.bind(traced, new EventEmitter());
    const heard = new Promise<unknown>((resolve) => emitter.on('ping', () => resolve(context.active().getValue(TRACE_KEY))));
    emitter.emit('ping');
    expect(await heard).toBe('bound');
  });

  it('attach makes a context active until its token is disposed', () => {
    const token = scopeContextManager.attach(ROOT_CONTEXT.setValue(TRACE_KEY, 'attached'));
    expect(context.active().getValue(TRACE_KEY)).toBe('attached');
    token.dispose();
    expect(context.active().getValue(TRACE_KEY)).toBeUndefined();
  });
});
