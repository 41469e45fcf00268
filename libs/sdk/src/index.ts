/**
 * @questline/sdk — typed producer clients for Questline.
 *
 * - `QuestlineClient`: batching HTTP client for `POST /v1/events[/batch]` with retries and stable idempotency keys.
 * - `QuestlineKafkaProducer`: validates events against the event registry before publishing them to Kafka.
 */
export { QuestlineClient, withIdempotencyKey, isCanonicalEvent, BATCH_DEFAULTS, MAX_BATCH_EVENTS, MAX_BATCH_BYTES } from './client';
export type { QuestlineClientOptions, BatchOptions, FetchLike } from './client';
export { RETRY_DEFAULTS, backoffDelay, isRetryableStatus, parseRetryAfter } from './retry';
export type { RetryOptions } from './retry';
export { QuestlineError, QuestlineHttpError, QuestlineNetworkError, QuestlineEventRejectedError, QuestlineClientClosedError } from './errors';
export { QuestlineKafkaProducer } from './kafka-producer';
export type { QuestlineKafkaProducerOptions, KafkaProducerLike, KafkaProducerRecord, KafkaMessage, KafkaSendResult } from './kafka-producer';
export type {
  CanonicalEventInput,
  QuestlineEventInput,
  EventStatus,
  EventAccepted,
  BatchItemResult,
  BatchResult,
  EventRecord,
  QuestlineProblem,
  ProblemFieldError,
} from './types';
