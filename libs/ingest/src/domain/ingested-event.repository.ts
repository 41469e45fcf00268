import type { CanonicalEnvelope, EventStatusMessage } from '@questline/contracts';

export const INGESTED_EVENT_REPOSITORY = Symbol('INGESTED_EVENT_REPOSITORY');

export type EventStatus = 'queued' | 'processed' | 'failed_retrying' | 'dead_lettered';

export interface StoredEvent {
  envelope: CanonicalEnvelope;
  status: EventStatus;
  /** Read back for a duplicate: still queued and not republished within REPUBLISH_AFTER, so a duplicate publishes it again. */
  republish?: boolean;
  /** What live scoring paid (`awards`) and skipped, the unlocks it caused, and any re-scoring's `corrections` since. */
  outcomes?: { awards?: unknown[]; skipped?: { ruleId: string; reason: string }[]; unlocks?: unknown[]; corrections?: unknown[] } | null;
  error?: { class: string; message: string; attempts: number; stage: string } | null;
}

/** What `GET /v1/events` filters on: a user's events or one idempotency key, narrowed by type, status and event time. */
export interface EventListFilter {
  userId?: string;
  idempotencyKey?: string;
  type?: string;
  status?: EventStatus;
  /** Event time at or after. */
  from?: Date;
  /** Event time before. */
  to?: Date;
  /**
   * The page after this one (newest first: an older event time, or the same time and accepted
   * earlier — `arrival`, 0 for events from before it was kept —, then a smaller id). A cursor
   * without `arrival` (written by a release before it) continues after every event of its time it
   * may not have shown: never skipping one, it may show some of them again.
   */
  after?: { occurredAt: string; arrival?: string; id: string };
}

export interface ListedEvent extends StoredEvent {
  receivedAt: string;
  /** Where the event sorts, as stored (for the next page's `after`). */
  position: { occurredAt: string; arrival: string; id: string };
}

export interface UnlockOutcome {
  tenantId: string;
  eventId: string;
  achievementId: string;
  userId: string;
  name: string;
}

export interface IngestedEventRepository {
  /**
   * Inserts every envelope whose (tenant, idempotency key) is new, in one statement. Returns, in
   * input order, the stored event and whether this call created it (duplicates in the same call
   * and earlier ones come back with created = false).
   */
  insertMany(envelopes: CanonicalEnvelope[]): Promise<{ stored: StoredEvent; created: boolean }[]>;
  /** Records that duplicates published these (queued) events again: the next duplicate waits REPUBLISH_AFTER. */
  markRepublished(ids: string[]): Promise<void>;
  findById(tenantId: string, id: string): Promise<StoredEvent | null>;
  /** Events matching the filter, newest event time first (then id), at most `limit`. */
  list(tenantId: string, filter: EventListFilter, limit: number): Promise<ListedEvent[]>;
  /** Applies processing reports; a failure never overwrites `processed`. Returns the events that reached processed or dead_lettered just now. */
  /** `envelopesOf`: the tenants whose settled events need their envelope (a metrics dimension); the others' come back without it. */
  applyStatus(reports: EventStatusMessage[], envelopesOf?: string[]): Promise<SettledEvent[]>;
  addUnlocks(unlocks: UnlockOutcome[]): Promise<void>;
}

/** An event that has just reached its final state (processed, or dead-lettered): for per-dimension metrics. */
export interface SettledEvent {
  tenantId: string;
  /** When it was accepted, in ms since the epoch (a number, not a Date: no date parsing per settled event). */
  receivedAtMs: number;
  /** Only for the tenants asked for (the hot path reads no envelope otherwise). */
  envelope: CanonicalEnvelope | null;
  status: 'processed' | 'dead_lettered';
}
