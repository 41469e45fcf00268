/**
 * @questline/sdk — typed clients for Questline (browser and Node: needs only `fetch`).
 *
 * - `QuestlineClient`: batching producer client for `POST /v1/events[/batch]` with retries and
 *   stable idempotency keys; its `api` property is the typed client below.
 * - `createQuestlineApi`: every route of the API, typed from the OpenAPI document (openapi-fetch).
 * - `paths`, `components`, `operations`: the generated OpenAPI types.
 *
 * The Kafka helper (Node only) is on `@questline/sdk/kafka`.
 */
export { QuestlineClient, withIdempotencyKey, isCanonicalEvent, BATCH_DEFAULTS, MAX_BATCH_EVENTS, MAX_BATCH_BYTES } from './client';
export type { QuestlineClientOptions, BatchOptions } from './client';
export { createQuestlineApi, retryingFetch } from './api';
export type { QuestlineApi, QuestlineApiOptions, FetchLike } from './api';
export { RETRY_DEFAULTS, backoffDelay, isRetryableStatus, parseRetryAfter } from './retry';
export type { RetryOptions } from './retry';
export { QuestlineError, QuestlineHttpError, QuestlineNetworkError, QuestlineEventRejectedError, QuestlineClientClosedError } from './errors';
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
export type { paths, components, operations } from './generated/openapi';
/**
 * Payload types of the shipped event registry, generated from its JSON Schemas:
 * `EventPayloads.tektree.SocialContentLikedV1`, `EventPayloads.engagement.…`.
 */
export type { EventPayloads } from '@questline/contracts';
/** The API's named schemas: `Schemas['Profile']`, `Schemas['LeaderboardPage']`, … */
export type Schemas = import('./generated/openapi').components['schemas'];
