/**
 * The canonical envelope: the one shape every Questline service sees, whatever dialect the
 * producer used. Ingest builds it; nothing downstream reads a producer's raw envelope.
 */
export interface CanonicalEnvelope<P extends Record<string, unknown> = Record<string, unknown>> {
  /** Questline's event id (UUID). Stable across redeliveries and replays. */
  id: string;
  /** Canonical event type, e.g. `knowledge.answer.accepted`. */
  type: string;
  /** Version of the JSON Schema the payload was validated against. */
  schemaVersion: number;
  tenantId: string;
  /** The user the event is about (the actor). Awards may go to other users named in the payload. */
  userId: string;
  /** Event time (ISO-8601). Windows, caps and streaks use this, never receivedAt. */
  occurredAt: string;
  /** Ingest time (ISO-8601). */
  receivedAt: string;
  /** Producing service or module. */
  source: string;
  /** Unique per tenant; a second event with the same key is a duplicate. */
  idempotencyKey: string;
  /** The producer's own event id (event_id, CloudEvents id...), when it sent one. */
  externalId?: string;
  correlationId?: string;
  causationId?: string;
  traceId?: string;
  payload: P;
  /** Producer metadata kept for audit: the dialect, rule_version, batch_job_id, producer id, upcastFrom... */
  meta: Record<string, unknown>;
}

/** Kafka/in-process partition key: per-user order within a tenant. */
export function userPartitionKey(tenantId: string, userId: string): string {
  return `${tenantId}:${userId}`;
}

/**
 * The earliest event time anywhere in Questline (1970-01-01T00:00:00Z): ingest refuses earlier
 * events, and the ledger, reconcile and rebuild never filter by any later bound.
 */
export const EVENT_TIME_FLOOR_MS = 0;
