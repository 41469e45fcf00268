/**
 * The raw transport under the message bus: topics of keyed byte strings with headers. Adapters
 * (Kafka, in-process) implement this; the retry ladder, dead-lettering and JSON typing live above
 * it, in ReliableMessageBus, so every consumer in the platform gets the same policy whatever the
 * transport.
 */
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
  send(topic: string, messages: RawOutgoing[]): Promise<void>;
  consume(options: ConsumeOptions): Promise<Subscription>;
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** ms until a message may be delivered (≤ 0: now). */
export function msUntilDue(headers: Headers, now = Date.now()): number {
  const due = Number(headers[DUE_AT_HEADER]);
  return Number.isFinite(due) ? due - now : 0;
}
