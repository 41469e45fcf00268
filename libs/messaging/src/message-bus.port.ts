import type { TopicMessages, TopicName } from '@questline/contracts';

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');

export type Headers = Record<string, string>;

export interface OutgoingMessage<T extends TopicName> {
  /** Partition key: messages with the same key are delivered in order. */
  key: string;
  value: TopicMessages[T];
  headers?: Headers;
}

export interface DeliveredMessage<T extends TopicName> {
  topic: T;
  partition: number;
  offset: string;
  key: string;
  value: TopicMessages[T];
  headers: Headers;
}

/**
 * Called with a batch of messages from ONE partition, in offset order. Resolving acknowledges
 * the whole batch (offsets are committed after); throwing means none of it was processed and
 * the batch is delivered again (at-least-once). Handlers must therefore be idempotent.
 */
export type BatchHandler<T extends TopicName> = (batch: DeliveredMessage<T>[]) => Promise<void>;

export interface SubscribeOptions<T extends TopicName> {
  groupId: string;
  topics: T[];
  handler: BatchHandler<T>;
  /** Upper bound on messages handed to one handler call. */
  maxBatchSize?: number;
}

export interface Subscription {
  close(): Promise<void>;
}

/**
 * The platform's messaging port. Services depend on this, never on kafkajs. Two adapters give
 * the same semantics: keyed partitions, per-key order, consumer groups (each group sees every
 * message once per partition assignment), at-least-once with commit after the handler resolves.
 */
export interface MessageBus {
  ensureTopics(topics: readonly TopicName[]): Promise<void>;
  publish<T extends TopicName>(topic: T, messages: OutgoingMessage<T>[]): Promise<void>;
  subscribe<T extends TopicName>(options: SubscribeOptions<T>): Promise<Subscription>;
  /** True when the bus can currently reach its broker (readiness). */
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}
