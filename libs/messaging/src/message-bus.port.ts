import type { TopicMessages, TopicName } from '@questline/contracts';
import type { ConsumerLag, Headers, RawDelivered, RawOutgoing, Subscription } from './transport.port';
import type { SkipRequest, StalledPartition } from './partition-watch';
import type { ErrorInfo } from './reliable/classify-error';

export type { ConsumerLag, Headers, RawDelivered, RawOutgoing, Subscription } from './transport.port';

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');

export interface OutgoingMessage<T extends TopicName> {
  /** Partition key: messages with the same key are delivered in order. */
  key: string;
  value: TopicMessages[T];
  headers?: Headers;
}

/**
 * One delivered message. Distributive over the topics: a consumer of several topics gets a union
 * that narrows on `topic` (`if (m.topic === Topics.PointsAwarded) m.value.ledgerKey`), no casts.
 */
export type DeliveredMessage<T extends TopicName> = T extends TopicName
  ? {
      /** The topic it was published to (also when it is being retried from a retry topic). */
      topic: T;
      partition: number;
      offset: string;
      key: string;
      value: TopicMessages[T];
      headers: Headers;
      /** How many times it was handed to a handler before this delivery (0 the first time). */
      previousAttempts: number;
    }
  : never;

/** A message the handler could not process, reported without throwing (so the rest of the batch counts as done). */
export interface MessageFailure<M> {
  message: M;
  error: unknown;
}

/**
 * Called with a batch of messages from ONE partition, in offset order. Resolving acknowledges
 * the batch, except messages returned as failures. Throwing means "something in this batch
 * failed": the bus retries each message on its own to find which, and routes only those to the
 * retry ladder. Messages are redelivered (at-least-once), so handlers must be idempotent.
 */
export type BatchHandler<M> = (batch: M[]) => Promise<void | MessageFailure<M>[]>;

export interface SubscribeOptions<T extends TopicName> {
  groupId: string;
  topics: T[];
  handler: BatchHandler<DeliveredMessage<T>>;
  /** Upper bound on messages handed to one handler call. */
  maxBatchSize?: number;
}

/** For topics the platform does not own (tenants' inbound topics): values are handed over undecoded. */
export interface SubscribeRawOptions {
  groupId: string;
  topics: string[];
  handler: BatchHandler<RawDelivered>;
  maxBatchSize?: number;
  /**
   * false: no retry topics or DLQ; a failing batch is retried in place until it passes (for
   * consumers that must not skip anything, like the one indexing the DLQs themselves).
   */
  retry?: boolean;
}

/** A dead letter to put back in front of the consumer group that gave up on it. */
export interface Redelivery {
  originTopic: string;
  groupId: string;
  key: string;
  value: string | null;
  headers: Headers;
}

/** What the bus tells the platform about each message it routes to a retry topic or the DLQ. */
export interface DeliveryFailure {
  groupId: string;
  originTopic: string;
  message: RawDelivered;
  error: ErrorInfo;
  attempts: number;
  outcome: 'retrying' | 'dead_lettered';
}

/**
 * The platform's messaging port. Services depend on this, never on kafkajs. Semantics: keyed
 * partitions, per-key order, consumer groups, at-least-once with commit after the handler, and
 * ONE retry policy for every consumer: a failing message is retried immediately, then from
 * retry topics after the configured delays (10 s, 60 s by default), then written to
 * `<topic>.dlq`; non-retryable error classes go straight to the DLQ. A failing message never
 * blocks the messages behind it.
 */
export interface MessageBus {
  ensureTopics(topics: readonly string[]): Promise<void>;
  publish<T extends TopicName>(topic: T, messages: OutgoingMessage<T>[]): Promise<void>;
  /** Writes pre-encoded messages to any topic (tenants' inbound topics, tools, tests). */
  publishRaw(topic: string, messages: RawOutgoing[]): Promise<void>;
  subscribe<T extends TopicName>(options: SubscribeOptions<T>): Promise<Subscription>;
  subscribeRaw(options: SubscribeRawOptions): Promise<Subscription>;
  /** Replays dead letters through their group's first retry topic: only that group sees them again. */
  redeliver(messages: Redelivery[]): Promise<void>;
  /** True when the bus can currently reach its broker (readiness). */
  isHealthy(): Promise<boolean>;
  /** This process's partitions that cannot move (a batch failing in place), stalled for at least `minMs`. */
  stalled(minMs?: number): StalledPartition[];
  /** Messages not yet consumed per consumer group of this process and topic (consumer lag); empty when the transport cannot tell. */
  consumerLag(): Promise<ConsumerLag[]>;
  /** Acknowledges one message without processing it, the next time its batch is delivered (an operator's way past a stuck offset). */
  skip(request: SkipRequest): void;
  close(): Promise<void>;
}
