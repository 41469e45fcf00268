import type { Award, CanonicalEnvelope, ProgressOutcome } from '@questline/contracts';
import type { Pack } from '../pack/pack.types';
import { progress } from '../progress/progress';
import type { ProgressStore } from '../progress/progress-store';
import { decide } from './decide';
import type { RuleHistory } from './rule-history';
import { recordEarned } from './user-state';

/**
 * What one event is worth under a pack: rule awards and progress awards, why rules did not award, progress outcomes.
 * The decision store keeps it field by field (`PgDecisionStore`): a new field must be stored there too.
 */
export interface EventDecision {
  packVersion: number;
  awards: Award[];
  skipped: { ruleId: string; reason: string }[];
  /** Streak, mission, quest and counter outcomes (their awards are in `awards`). */
  outcomes: ProgressOutcome[];
  /** Once-per keys used up (not stored with the decision: the store records them as applications). */
  marks?: { userId: string; ruleId: string }[];
}

/**
 * Decides a batch of one tenant's events against the history and progress loaded for them, in
 * the order given — the order of the log they were read from — and each event id once (a copy of
 * an event later in the same batch is ignored). Every decision is recorded in `history` and
 * `store` before the next event is decided, so the same user many times in one batch sees each
 * earlier award.
 *
 * Why log order and not event-time order: the log order is the same however the stream is cut
 * into batches and however often it is redelivered, so every decision depends on the stream
 * alone. Sorting each batch by event time made order-sensitive limits (cooldowns) depend on where
 * the batch boundaries fell. Windows, caps and cooldowns still use event time, so count caps,
 * counters, missions and quests come to the same totals in any arrival order.
 */
export function decideBatch(pack: Pack, events: readonly CanonicalEnvelope[], history: RuleHistory, store: ProgressStore): Map<string, EventDecision> {
  const out = new Map<string, EventDecision>();
  for (const event of events) {
    if (out.has(event.id)) continue;
    const d = decide(pack, event, history, store);
    const p = progress(pack, event, store);
    const awards = p.awards.length === 0 ? d.awards : d.awards.concat(p.awards);
    recordEarned(pack, awards, p.outcomes, store, Date.parse(event.occurredAt));
    out.set(event.id, { packVersion: pack.version, awards, skipped: d.skipped, outcomes: p.outcomes, marks: d.marks });
  }
  return out;
}
