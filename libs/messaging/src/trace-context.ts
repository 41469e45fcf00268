import { context, propagation, SpanKind, trace, type Context } from '@opentelemetry/api';
import type { Headers } from './message-bus.port';

const tracer = trace.getTracer('questline.messaging');

/** Writes the active W3C trace context (traceparent/tracestate) into message headers. */
export function injectTraceContext(headers: Headers = {}): Headers {
  propagation.inject(context.active(), headers);
  return headers;
}

export function extractTraceContext(headers: Headers): Context {
  return propagation.extract(context.active(), headers);
}

/** Runs a consumer batch inside a CONSUMER span whose parent is the first message's context. */
export async function withConsumerSpan<R>(
  name: string,
  headers: Headers,
  attributes: Record<string, string | number>,
  fn: () => Promise<R>,
): Promise<R> {
  const parent = extractTraceContext(headers);
  return tracer.startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await fn();
    } catch (err) {
      span.recordException(err as Error);
      throw err;
    } finally {
      span.end();
    }
  });
}
