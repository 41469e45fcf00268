import type { Award, CanonicalEnvelope, ProgressOutcome } from '@questline/contracts';
import { credit, isActivity } from '../engine/evaluate';
import type { CounterDef, Pack } from '../pack/pack.types';

/** A per-user counter: its value and the milestones already reached (each pays once, ever). */
export interface CounterState {
  value: number;
  reached: number[];
}

export const counterKey = (def: CounterDef) => `counter/${def.id}`;

/** How much the event moves the counter (the sum of its matching steps; 0 if none). */
export const counterDelta = (def: CounterDef, event: CanonicalEnvelope): number => def.steps.reduce((sum, s) => (isActivity(s, event) ? sum + s.by : sum), 0);

export function advanceCounter(
  pack: Pack,
  def: CounterDef,
  userId: string,
  previous: CounterState | undefined,
  delta: number,
  isPublic: boolean,
): { state: CounterState; awards: Award[]; outcomes: ProgressOutcome[] } {
  const value = Math.max(0, (previous?.value ?? 0) + delta);
  let reached = previous?.reached ?? [];
  const awards: Award[] = [];
  const outcomes: ProgressOutcome[] = [];
  for (const m of [...def.milestones].sort((a, b) => a.at - b.at)) {
    if (value < m.at || reached.includes(m.at)) continue;
    reached = [...reached, m.at];
    if (m.reward) {
      awards.push(
        ...credit(pack, { userId, currency: m.reward.currency, amount: m.reward.amount, ruleId: `counter:${def.id}`, ruleVersion: pack.version, keyBase: `counter:${def.id}:${userId}:${m.at}`, isPublic }),
      );
    }
    outcomes.push({ userId, type: 'counter.milestone', subject: def.id, data: { counter: def.id, milestone: m.at, value, reward: m.reward ?? null }, dedupKey: `counter:${def.id}:${userId}:${m.at}` });
  }
  return { state: { value, reached }, awards, outcomes };
}
