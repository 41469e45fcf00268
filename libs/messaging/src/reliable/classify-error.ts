import { DomainError, type ErrorClass } from '@questline/contracts';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A message whose bytes cannot be decoded (not UTF-8 JSON): a property of the message. */
export class UndecodableMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndecodableMessageError';
  }
}

/**
 * Maps any thrown value to one of seed 002's error classes. Domain errors carry their kind;
 * infrastructure errors are recognised by name or code without importing their libraries
 * (Prisma and pg → DATABASE; kafkajs, ioredis and socket errors → NETWORK).
 */
export function classifyError(err: unknown): ErrorClass {
  if (err instanceof DomainError) {
    switch (err.kind) {
      case 'validation':
      case 'not_found':
        return 'VALIDATION';
      case 'conflict':
        return 'BUSINESS_RULE';
      case 'unauthorized':
      case 'forbidden':
        return 'AUTHORIZATION';
      case 'unavailable':
      case 'rate_limited':
        return 'NETWORK';
      case 'internal':
        return 'INTERNAL';
    }
  }
  if (err instanceof UndecodableMessageError || err instanceof SyntaxError) return 'VALIDATION';
  if (!(err instanceof Error)) return 'UNKNOWN';
  const name = err.name ?? '';
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'NETWORK';
  if (name.startsWith('Prisma') || name === 'DriverAdapterError') return 'DATABASE';
  // node-postgres errors carry a 5-character SQLSTATE and a severity. Data the database refuses
  // (class 22 data exception, 54 program limit, a NOT NULL or CHECK violation) is refused again
  // on every retry: a property of the message. The rest (connections, locks, races) may pass.
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in err) return isDataRefusal(code) ? 'VALIDATION' : 'DATABASE';
  if (name.startsWith('KafkaJS') || name === 'KafkaSendTimeoutError' || name === 'ReplyError' || name === 'MaxRetriesPerRequestError') return 'NETWORK';
  if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError) return 'INTERNAL';
  return 'UNKNOWN';
}

export interface ErrorInfo {
  class: ErrorClass;
  name: string;
  message: string;
  code?: string;
}

export function describeError(err: unknown): ErrorInfo {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  // Domain errors name each offending field: keep them in the one-line message operators read.
  const fields = err instanceof DomainError && err.errors.length > 0 ? ` [${err.errors.map((f) => `${f.pointer || '/'}: ${f.detail}`).join('; ')}]` : '';
  return { class: classifyError(err), name: e.name, message: `${e.message}${fields}`.slice(0, 2_000), ...(typeof code === 'string' ? { code } : {}) };
}

/** SQLSTATEs that mean "this data can never be stored" rather than "not now". */
export function isDataRefusal(sqlstate: string): boolean {
  return sqlstate.startsWith('22') || sqlstate.startsWith('54') || sqlstate === '23502' || sqlstate === '23514';
}

/** Codes and messages that say "the infrastructure is not there right now", not "this message is bad". */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-3])/;
const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Connection is closed|the database system is (starting up|shutting down|in recovery mode)|Client has encountered a connection error|ECONNREFUSED|ECONNRESET/i;
const UNAVAILABLE_NAMES = new Set(['KafkaSendTimeoutError', 'KafkaJSConnectionError', 'KafkaJSNumberOfRetriesExceeded', 'KafkaJSRequestTimeoutError', 'KafkaJSBrokerNotFound', 'KafkaJSConnectionClosedError', 'MaxRetriesPerRequestError']);
const UNAVAILABLE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017']);

/**
 * Whether a failure means a dependency (Postgres, Redis, Kafka) is down or unreachable rather than
 * that the message is at fault. Such a failure must not walk a message up the retry ladder into
 * the DLQ (an outage longer than the ladder would dead-letter everything in flight): the consumer
 * keeps the batch and retries it in place until the dependency is back, and the partition shows
 * as stalled meanwhile.
 */
export function isUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (!(e instanceof Error)) return false;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code) || UNAVAILABLE_PRISMA.has(code)) return true;
      if (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_SQLSTATE.test(code)) return true;
    }
    if (UNAVAILABLE_NAMES.has(e.name) || UNAVAILABLE_MESSAGES.test(e.message)) return true;
    // The producer's idempotence state after a broker restart: the transport replaces the producer.
    if (producerStateError(e)) return true;
    if (err instanceof DomainError && (err as DomainError).kind === 'unavailable') return true;
    e = (e as { cause?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return false;
}

const PRODUCER_STATE_ERRORS = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'DUPLICATE_SEQUENCE_NUMBER', 'INVALID_PRODUCER_ID_MAPPING']);

/**
 * The broker's error type when a send failed because of this producer's idempotence state
 * (kafkajs wraps the protocol error in retry errors: the cause chain is walked), else undefined.
 */
export function producerStateError(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && PRODUCER_STATE_ERRORS.has(type)) return type;
    if (/out of order sequence number/i.test(String((e as { message?: unknown }).message ?? ''))) return 'OUT_OF_ORDER_SEQUENCE_NUMBER';
  }
  return undefined;
}
