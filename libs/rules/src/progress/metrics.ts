import type { Award, CanonicalEnvelope, ProgressOutcome } from '@questline/contracts';
import { zonedPeriod } from '../engine/zoned-period';
import { credit, isActivity, readPath, userAt } from '../engine/evaluate';
import { metricTally, rankedMetrics } from '../pack/pack-checks';
import type { MetricDef, Pack } from '../pack/pack.types';

/** A metric's value in one period for one user; `seen` holds the distinct values (kind distinct). */
export interface MetricState {
  value: number;
  seen?: string[];
  reached: number[];
}

/** The period instance an instant falls in: `all`, or the local date the day, week or month starts. */
export function metricPeriod(pack: Pack, def: MetricDef, atMs: number, zone: string): string {
  if (def.per === 'all') return 'all';
  return zonedPeriod(atMs, zone, def.per, pack.weekStart).label;
}

export const metricKey = (def: MetricDef, period: string) => `metric/${def.id}/${period}`;

/**
 * What the event adds to the metric: 1 (count), the field's number (sum) or the field's value
 * (distinct); undefined when the event does not move it (no match, condition false, no value).
 */
export function metricInput(def: MetricDef, event: CanonicalEnvelope, zone: string): { userId: string; add: number | string } | undefined {
  if (!isActivity(def, event)) return undefined;
  const userId = userAt(event, def.to);
  if (!userId) return undefined;
  if (def.kind === 'count') return { userId, add: 1 };
  if (def.value === 'day') return { userId, add: zonedPeriod(Date.parse(event.occurredAt), zone, 'day').label };
  const raw = def.value === 'subject' ? event.userId : readPath(event, def.value!);
  if (def.kind === 'sum') return typeof raw === 'number' && Number.isFinite(raw) && raw !== 0 ? { userId, add: raw } : undefined;
  return typeof raw === 'string' && raw !== '' ? { userId, add: raw } : typeof raw === 'number' && Number.isFinite(raw) ? { userId, add: String(raw) } : undefined;
}

const milestonesByDef = new WeakMap<MetricDef, MetricDef['milestones']>();
const sortedMilestones = (def: MetricDef) => {
  let sorted = milestonesByDef.get(def);
  if (!sorted) milestonesByDef.set(def, (sorted = [...def.milestones].sort((a, b) => a.at - b.at)));
  return sorted;
};

/**
 * Applies one input to the metric; milestones pay once per period instance. A metric a board
 * ranks also credits its move (1 per event or new distinct value, or the sum's addend) to its
 * ledger tally, keyed by the event: the board sums the tally per window like any currency.
 */
export function advanceMetric(
  pack: Pack,
  def: MetricDef,
  userId: string,
  period: string,
  previous: MetricState | undefined,
  add: number | string,
  isPublic: boolean,
  eventId: string,
): { state: MetricState; changed: boolean; awards: Award[]; outcomes: ProgressOutcome[] } {
  const awards: Award[] = [];
  const outcomes: ProgressOutcome[] = [];
  let state: MetricState;
  if (def.kind === 'distinct') {
    const seen = previous?.seen ?? [];
    if (seen.includes(add as string)) return { state: previous!, changed: false, awards, outcomes };
    // The store holds this decision's working copy: the value list grows in place.
    seen.push(add as string);
    state = { value: seen.length, seen, reached: previous?.reached ?? [] };
  } else {
    state = { value: (previous?.value ?? 0) + (add as number), reached: previous?.reached ?? [] };
  }
  if (rankedMetrics(pack).has(def.id)) {
    const tally = metricTally(def.id);
    const amount = def.kind === 'sum' ? Math.trunc(add as number) : 1;
    if (amount !== 0) {
      awards.push({ userId, currency: tally, amount, ruleId: `metric:${def.id}`, ruleVersion: pack.version, idempotencyKey: `${eventId}:metric:${def.id}:${userId}:${tally}`, ...(isPublic ? {} : { public: false }) });
    }
  }
  for (const m of sortedMilestones(def)) {
    if (state.value < m.at || state.reached.includes(m.at)) continue;
    state = { ...state, reached: [...state.reached, m.at] };
    const keyBase = `metric:${def.id}:${userId}:${period}:${m.at}`;
    if (m.reward) awards.push(...credit(pack, { userId, currency: m.reward.currency, amount: m.reward.amount, ruleId: `metric:${def.id}`, ruleVersion: pack.version, keyBase, isPublic }));
    outcomes.push({ userId, type: 'metric.milestone', subject: def.id, data: { metric: def.id, period, milestone: m.at, value: state.value, reward: m.reward ?? null }, dedupKey: keyBase });
  }
  return { state, changed: true, awards, outcomes };
}
