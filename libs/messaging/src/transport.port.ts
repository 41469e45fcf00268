/**
 * The raw transport under the message bus: topics of keyed byte strings with headers. Adapters
 * (Kafka, in-process) implement this; the retry ladder, dead-lettering and JSON typing live above
 * it, in ReliableMessageBus, so every consumer in the platform gets the same policy whatever the
 * transport.
 */
import type { SkipRequest, StalledPartition } from './partition-watch';

export type Headers = Record<string, string>;

/**
 * Header naming the earliest time (ms since the epoch) a message may be handed to a consumer.
 * Transports hold a partition at a message that is not yet due (the messages behind it were
 * written later, so they are due later too): this is how retry topics delay without blocking.
 */
export const DUE_AT_HEADER = 'questline-due-at';

export interface RawOutgoing {
  key: string;
  /** UTF-8 text as it goes on the wire; null is a tombstone. */
  value: string | null;
  headers?: Headers;
}

export interface RawDelivered {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: string | null;
  headers: Headers;
  /** Broker (or append) time, ms since the epoch. */
  timestamp: number;
}

/**
 * Called with messages from ONE partition, in offset order. Resolving acknowledges the batch
 * (offsets are committed after); throwing means none of it was acknowledged: the transport
 * redelivers it in place after a backoff. Above the transport, throwing is reserved for
 * infrastructure failures (the retry topic cannot be written): message failures are routed.
 */
export type RawBatchHandler = (batch: RawDelivered[]) => Promise<void>;

export interface ConsumeOptions {
  groupId: string;
  topics: string[];
  handler: RawBatchHandler;
  maxBatchSize?: number;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface Transport {
  ensureTopics(topics: readonly string[]): Promise<void>;
  /** Throws MessageTooLargeError when a message is over the broker's limit (nothing of that call is written then). */
  send(topic: string, messages: RawOutgoing[]): Promise<void>;
  consume(options: ConsumeOptions): Promise<Subscription>;
  isHealthy(): Promise<boolean>;
  /** This process's partitions whose batch keeps failing in place, stalled for at least `minMs`. */
  stalled(minMs?: number): StalledPartition[];
  /** Acknowledges one message without handing it to its consumer, the next time its batch is delivered. */
  skip(request: SkipRequest): void;
  /** Messages not yet consumed, per consumer group of this process and topic (a transport that cannot tell: none). */
  consumerLag?(): Promise<ConsumerLag[]>;
  close(): Promise<void>;
}

/** What a consumer group has yet to consume on one topic: the sum over partitions of (end offset − committed offset). */
export interface ConsumerLag {
  groupId: string;
  topic: string;
  lag: number;
}

/** The largest message a broker takes (Kafka's default message.max.bytes is 1 MiB), with room for the record overhead. */
export const MAX_MESSAGE_BYTES = 1_000_000;

/** A message is over the broker's size limit: a property of the message, never retried as it is. */
export class MessageTooLargeError extends Error {
  constructor(
    readonly topic: string,
    readonly bytes?: number,
  ) {
    super(`a message for ${topic} is over the broker's size limit${bytes ? ` (${bytes} bytes)` : ''}`);
    this.name = 'MessageTooLargeError';
  }
}

/** Bytes a message takes on the wire (key, value, headers), near enough for size limits. */
export function messageBytes(m: RawOutgoing): number {
  let n = Buffer.byteLength(m.key) + (m.value === null ? 0 : Buffer.byteLength(m.value));
  for (const [k, v] of Object.entries(m.headers ?? {})) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

/** ms until a message may be delivered (≤ 0: now). */
export function msUntilDue(headers: Headers, now = Date.now()): number {
  const due = Number(headers[DUE_AT_HEADER]);
  return Number.isFinite(due) ? due - now : 0;
}
