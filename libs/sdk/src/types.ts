import type { CanonicalEnvelope, FieldError } from '@questline/contracts';

/**
 * An event in Questline's own (canonical) shape. The server fills in what is left out here:
 * the event id, the tenant (from the API key) and the receive time.
 *
 * Payload types for the registered event types are generated in `@questline/contracts`
 * (`EventPayloads.tektree.SocialContentLikedV1`, ...) and can be passed as `P`.
 */
export interface CanonicalEventInput<P extends Record<string, unknown> = Record<string, unknown>> {
  /** Canonical event type as registered in the tenant's schema namespace, e.g. `knowledge.answer.accepted`. */
  type: string;
  /** The user the event is about (the actor); at most 128 characters. */
  userId: string;
  /**
   * When the event happened (RFC 3339 / ISO-8601). A `Date` is sent as its ISO string.
   * Windows, caps and streaks are computed on this time, not on the receive time.
   */
  occurredAt: string | Date;
  /**
   * Unique per tenant: a second event with the same key is acknowledged as a duplicate and never
   * counted twice. 1–200 printable ASCII characters, no spaces. When left out, `QuestlineClient`
   * assigns a random UUID once, when the event is queued, so every retry carries the same key.
   * Prefer a key derived from your own data (e.g. `answer-accepted:<answerId>`): only such a key
   * also deduplicates your application's own re-sends.
   */
  idempotencyKey?: string;
  /** The event's data, validated against the registered JSON Schema for `type`. */
  payload: P;
  /** Producing service or module, e.g. `knowledge-service`. */
  source?: string;
  /** Version of the payload schema the event was written against; the latest when left out. */
  schemaVersion?: number;
  /** Your own id for the event, kept as `externalId`. */
  id?: string;
  correlationId?: string;
  causationId?: string;
  traceId?: string;
  /** Producer metadata kept for audit (app version, job id, ...). */
  meta?: Record<string, unknown>;
}

/**
 * Anything the server accepts: a {@link CanonicalEventInput} or an event in one of the tenant's
 * other envelope dialects (TekTree, CloudEvents structured mode, ...), as a plain JSON object.
 */
export type QuestlineEventInput = CanonicalEventInput | Record<string, unknown>;

/** Processing state of an accepted event. */
export type EventStatus = 'queued' | 'processed' | 'failed_retrying' | 'dead_lettered';

/** The server's answer for one accepted event (`202` of `POST /v1/events`, or one batch item). */
export interface EventAccepted {
  /** Questline's event id (UUID), derived from the tenant and the idempotency key. */
  id: string;
  status: EventStatus;
  /** True when an event with the same idempotency key had already been accepted. */
  duplicate: boolean;
}

/** One field-level error: a JSON pointer (RFC 6901) into the event as sent, and what is wrong there. */
export interface ProblemFieldError {
  /** e.g. `/payload/content_author_id`. */
  pointer: string;
  detail: string;
}

/** An RFC 9457 problem+json document, as every Questline API error is reported. */
export interface QuestlineProblem {
  /** URI identifying the problem type, e.g. `https://questline.dev/problems/schema-validation-failed`. */
  type: string;
  title: string;
  /** HTTP status code. */
  status: number;
  detail: string;
  /** Stable machine-readable code, e.g. `schema_validation_failed`, `rate_limited`. */
  code: string;
  instance?: string;
  errors?: ProblemFieldError[];
}

/** One item of a batch response: either accepted or rejected with its own problem. */
export type BatchItemResult = ({ index: number } & EventAccepted) | { index: number; error: QuestlineProblem };

/** `202` of `POST /v1/events/batch`. One bad item does not fail the others. */
export interface BatchResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: BatchItemResult[];
}

/** `GET /v1/events/{id}`. */
export interface EventRecord {
  id: string;
  status: EventStatus;
  /** What processing produced (awards, achievements, ...), once processed. */
  outcomes?: unknown;
  /** Why processing failed, when `failed_retrying` or `dead_lettered`. */
  error?: unknown;
  /** The canonical envelope the event was normalised into. */
  event: Record<string, unknown>;
}

// Compile-time guards: the SDK's self-contained types must stay in step with the server's contracts.
type Assert<T extends true> = T;
type SameFields<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type _CanonicalFieldsMatch = Assert<
  SameFields<
    Pick<CanonicalEventInput, 'type' | 'userId' | 'payload' | 'source' | 'correlationId' | 'causationId' | 'traceId'>,
    Partial<Pick<CanonicalEnvelope, 'source' | 'correlationId' | 'causationId' | 'traceId'>> & Pick<CanonicalEnvelope, 'type' | 'userId' | 'payload'>
  >
>;
type _FieldErrorMatches = Assert<SameFields<ProblemFieldError, FieldError>>;
