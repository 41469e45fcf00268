import type { CanonicalEnvelope } from '@questline/contracts';
import type { EventDecision, ProgressStore, RuleHistory } from '@questline/rules';

export const DECISION_STORE = Symbol('DECISION_STORE');

export type StoredDecision = EventDecision;

export interface DecideRequest {
  tenantId: string;
  events: CanonicalEnvelope[];
  /** (recipient, rule) pairs with caps or cooldowns: locked, and their history loaded (repeats allowed: one per event). */
  limited: { userId: string; ruleId: string }[];
  /** Progress entries (streaks, missions, quests, counters) the events read or change: locked and loaded (repeats allowed). */
  progress: { userId: string; key: string }[];
  /** Event-time range the history must cover. */
  fromMs: number;
  toMs: number;
  /** Decides the events not decided before (each id once, in the order given), against the loaded history. */
  decide(fresh: CanonicalEnvelope[], history: RuleHistory, progress: ProgressStore): Map<string, StoredDecision>;
}

/**
 * Decides each event exactly once: a redelivered event gets its stored decision; caps and
 * cooldowns are checked and recorded under a lock per (tenant, recipient, rule), and progress is
 * read and written under a lock per (tenant, user, progress key), so two partitions awarding the
 * same user cannot both take the last slot or both advance a streak.
 */
export interface DecisionStore {
  decideOnce(request: DecideRequest): Promise<Map<string, StoredDecision>>;
}

export const PROGRESS_REPOSITORY = Symbol('PROGRESS_REPOSITORY');

export interface DueProgress {
  tenantId: string;
  userId: string;
  key: string;
  state: unknown;
}

/** Progress the streak job and the progress endpoints read and change (outside event scoring). */
export interface ProgressRepository {
  /** The user's progress entries whose key starts with one of the prefixes. */
  list(tenantId: string, userId: string, keys: string[]): Promise<Map<string, unknown>>;
  /** What these rules paid the user (as caps sum it: each application's amount) in each event-time window [fromMs, toMs). */
  ruleSums(tenantId: string, userId: string, windows: { rules: string[]; fromMs: number; toMs: number }[]): Promise<number[]>;
  /**
   * Up to `limit` entries due by `now`, each locked like decideOnce locks it, handed to `apply`;
   * what `apply` resolves to is written back in the same transaction, which commits after `apply`
   * (so what it publishes is published before the commit: at least once). Returns how many were handled.
   */
  sweepDue(
    now: Date,
    limit: number,
    apply: (due: DueProgress[]) => Promise<{ tenantId: string; userId: string; key: string; state: unknown; dueAt: number | null }[]>,
  ): Promise<number>;
  /** Reads one entry under its lock, lets `change` give its new state, writes it; commits after `change` resolves. */
  update<T>(tenantId: string, userId: string, key: string, change: (state: unknown) => Promise<{ state: unknown; dueAt: number | null; result: T }>): Promise<T>;
}
