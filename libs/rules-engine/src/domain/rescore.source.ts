import type { CanonicalEnvelope, Scopes } from '@questline/contracts';
import type { ProgressEntry } from '@questline/rules';

export const RESCORE_SOURCE = Symbol('RESCORE_SOURCE');

export interface ReversalPick {
  eventIds?: string[];
  /** The producer's own event ids (the idempotency keys ingest stored). */
  idempotencyKeys?: string[];
  userId?: string;
  type?: string;
  /** Events whose payload contains this object (jsonb `@>`). */
  payload?: Record<string, unknown>;
  from?: Date;
  to?: Date;
}

export interface EventCursor {
  occurredAt: string;
  /** The event's place in arrival order (ingest's sequence; 0 for events accepted before it existed). */
  arrival: string;
  id: string;
}

/** What re-scoring reads: the stored events of a range and what the ledger holds for them. */
export interface RescoreSource {
  /**
   * Processed events with event time in [from, to), in (event time, arrival, id) order, after
   * `cursor`; `reversed` names those an admin reversed (not to be decided; their ledger still read).
   */
  processedEvents(tenantId: string, from: Date, to: Date, cursor: EventCursor | undefined, limit: number): Promise<{ events: CanonicalEnvelope[]; reversed?: ReadonlySet<string>; cursor?: EventCursor }>;
  /**
   * Processed events an admin picked to reverse: by id, or by the user the event is about, its type
   * and event-time range (each optional, at least one given), in event-time order, at most `limit`.
   * Each says whether it was reversed before.
   */
  eventsToReverse(tenantId: string, pick: ReversalPick, limit: number): Promise<{ event: CanonicalEnvelope; reversed: boolean }[]>;
  /**
   * What these events hold in the ledger for reversal: rule awards and their corrections (rule ids
   * without a `:`), per event, user, currency, public flag and stored scopes (as the entries were
   * booked), with how many entries make each: `total` booked, `asked` what was asked (they differ
   * where a currency's floor held a debit back).
   */
  holdings(tenantId: string, eventIds: string[]): Promise<({ eventId: string; userId: string; currency: string; public: boolean; scopes: Scopes | null } & Holding)[]>;
  /** Of these users, those erased on request (their awards are dropped, live and when replayed). */
  erased(tenantId: string, userIds: string[]): Promise<Set<string>>;
  /**
   * Frees what these events used of live caps, cooldowns and once-per keys (their rule
   * applications), under the locks live decisions take: a reversed event counts as never having
   * happened for the decisions after it. Idempotent.
   */
  releaseApplications(tenantId: string, eventIds: string[]): Promise<number>;
  /** Marks events reversed (once: an event reversed before keeps its first record). */
  recordReversals(tenantId: string, eventIds: string[], runId: string, reason: string, actor: string): Promise<void>;
  /**
   * Ledger sums per event, then per `${userId}|${currency}`, of rule awards and their corrections
   * (rule ids without a `:`), with how many entries make each (the ledger's state: it only grows):
   * `total` what was booked, `asked` what the rules asked (they differ where a currency's floor held
   * a debit back).
   */
  ledgerByEvent(tenantId: string, eventIds: string[]): Promise<Map<string, Map<string, Holding>>>;
  /**
   * The scopes each event's first rule entry was booked with (its live scoring's; null: none), by
   * event id; events with no rule entry (nothing paid, or only an achievement's or a progress
   * reward booked on them) are absent. Corrections are booked on these, so an event's
   * boards follow it whatever the pack's dimensions read now.
   */
  bookedScopes(tenantId: string, eventIds: string[]): Promise<Map<string, Scopes | null>>;
  /**
   * Ledger sums of progress rewards and their corrections (rule ids `streak:`, `mission:`, `quest:`,
   * `counter:`, `metric:`) on these events, per `${userId}|${currency}|${ruleId}` and event
   * (booked and asked, as `ledgerByEvent`).
   */
  progressLedger(tenantId: string, eventIds: string[]): Promise<({ key: string; eventId: string } & Holding)[]>;
  /** Every stored progress entry of these users. */
  storedProgress(tenantId: string, userIds: string[]): Promise<ProgressEntry[]>;
  /**
   * Per `${userId}|${currency}` of these users: the sum of every earlier re-scoring correction
   * (`net`) and what they added to lifetime earned (`lifetime`; entries from before the column
   * existed count their amount when positive).
   */
  priorCorrections(tenantId: string, userIds: string[]): Promise<Map<string, { net: number; lifetime: number }>>;
  /** These users' balances (lifetime and net per currency), unlocked achievements, and those an admin revoked (they do not unlock again). */
  standing(tenantId: string, userIds: string[]): Promise<{ balances: Map<string, { lifetime: number; net: number }>; unlocked: Set<string>; revoked: Set<string> }>;
  /**
   * Takes the tenant's re-scoring lease for `runId` until `ttlMs` from now, when no other run holds
   * it (or the other's has expired); otherwise says who holds it and until when.
   */
  acquireLease(tenantId: string, runId: string, ttlMs: number): Promise<{ held: true } | { held: false; runId: string; since: string; until: string }>;
  /** Pushes the lease's end to `ttlMs` from now, if `runId` still holds it. */
  renewLease(tenantId: string, runId: string, ttlMs: number): Promise<void>;
  /** Gives the lease back, if `runId` holds it. */
  releaseLease(tenantId: string, runId: string): Promise<void>;
  /** Which of these ledger keys the tenant's ledger holds. */
  landed(tenantId: string, keys: string[]): Promise<string[]>;
}

/** What the ledger holds for one event and (user, currency). */
export interface Holding {
  /** Booked. */
  total: number;
  /** Asked by the rules (and their corrections); `total` unless a floor held something back. */
  asked: number;
  entries: number;
}
