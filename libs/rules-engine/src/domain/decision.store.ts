import type { Award, CanonicalEnvelope } from '@questline/contracts';
import type { RuleHistory } from '@questline/rules';

export const DECISION_STORE = Symbol('DECISION_STORE');

export interface StoredDecision {
  packVersion: number;
  awards: Award[];
  skipped: { ruleId: string; reason: string }[];
}

export interface DecideRequest {
  tenantId: string;
  events: CanonicalEnvelope[];
  /** (recipient, rule) pairs with caps or cooldowns: locked, and their history loaded. */
  limited: { userId: string; ruleId: string }[];
  /** Event-time range the history must cover. */
  fromMs: number;
  toMs: number;
  /** Decides the events not decided before, in order, against the loaded history. */
  decide(fresh: CanonicalEnvelope[], history: RuleHistory): Map<string, StoredDecision>;
}

/**
 * Decides each event exactly once: a redelivered event gets its stored decision; caps and
 * cooldowns are checked and recorded under a lock per (tenant, recipient, rule), so two partitions
 * awarding the same user cannot both take the last slot.
 */
export interface DecisionStore {
  decideOnce(request: DecideRequest): Promise<Map<string, StoredDecision>>;
}
