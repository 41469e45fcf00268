import type { Award, CanonicalEnvelope, ProgressOutcome } from '@questline/contracts';
import { credit, evaluate, isActivity } from '../engine/evaluate';
import type { Pack, QuestDef, StepDef } from '../pack/pack.types';
import { dayLabel, periodOf } from './periods';

/** A user's progress on one mission (one day) or one quest (once, or one day or week). */
export interface QuestState {
  steps: Record<string, number>;
  /** Event time of the first progress (quests' deadlines count from it). */
  startedAt?: number;
  completed?: boolean;
  /** Event time of the completing event (analytics: time to complete = completedAt − startedAt). */
  completedAt?: number;
  expired?: boolean;
}

export interface QuestStep {
  state: QuestState;
  awards: Award[];
  outcomes: ProgressOutcome[];
}

/** The period a quest instance belongs to: `once`, `d<day>` or `w<week>`, in the user's zone. */
export function questPeriod(pack: Pack, def: QuestDef, atMs: number, zone: string): string {
  if (!def.repeat || def.repeat === 'never') return 'once';
  return def.repeat === 'day' ? `d${periodOf(atMs, 'day', zone)}` : `w${periodOf(atMs, 'week', zone, pack.weekStart)}`;
}

export const questKey = (def: QuestDef, period: string) => `quest/${def.id}/${period}`;
export const missionKey = (def: QuestDef, day: number) => `mission/${def.id}/${day}`;
export const missionsDayKey = (day: number) => `missions/${day}`;

/** 32-bit FNV-1a: a stable, well-spread hash for picking a user's missions of a day. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The missions assigned to a user on a day (seed 004's "daily missions set"): `perDay` of the
 * pool, picked by a hash of (user, day, mission). Deterministic, so no job has to write an
 * assignment row for every user every day; the first event of the day announces it.
 */
export function assignedMissions(pack: Pack, userId: string, day: number): QuestDef[] {
  const m = pack.missions;
  if (!m) return [];
  if (m.pool.length <= m.perDay) return m.pool;
  return [...m.pool]
    .map((def) => ({ def, h: fnv1a(`${userId}\u0000${day}\u0000${def.id}`) }))
    .sort((a, b) => a.h - b.h || a.def.id.localeCompare(b.def.id))
    .slice(0, m.perDay)
    .map((x) => x.def);
}

const stepAmount = (step: StepDef, event: CanonicalEnvelope): number => {
  if (step.by === undefined) return 1;
  const v = typeof step.by === 'number' ? step.by : Math.trunc(Number(evaluate(step.by.expr, event)));
  return Number.isFinite(v) && v > 0 ? v : 0;
};

/** Whether a step counts this event: its own activity, or (a metric step) a move of its metric. */
const stepMoves = (step: StepDef, event: CanonicalEnvelope, metrics: ReadonlyMap<string, number>): boolean =>
  step.metric !== undefined ? metrics.has(step.metric) : isActivity({ on: step.on!, if: step.if }, event);

/** Whether the event can move any step of this quest; `metrics`: the metrics it moves for the acting user, with their new values. */
export const touchesQuest = (def: QuestDef, event: CanonicalEnvelope, metrics: ReadonlyMap<string, number>): boolean => def.steps.some((s) => stepMoves(s, event, metrics));

/**
 * Moves a mission or quest on with one event. `kind` names the instance in keys and outcomes;
 * `instance` is the period (`once`, `d20500`...). Rewards are credited once per instance.
 */
export function advanceQuest(
  pack: Pack,
  def: QuestDef,
  kind: 'mission' | 'quest',
  instance: string,
  userId: string,
  previous: QuestState | undefined,
  event: CanonicalEnvelope,
  isPublic: boolean,
  metrics: ReadonlyMap<string, number>,
): QuestStep {
  const atMs = Date.parse(event.occurredAt);
  let state: QuestState = previous ?? { steps: {} };
  const awards: Award[] = [];
  const outcomes: ProgressOutcome[] = [];
  const unchanged = { state, awards, outcomes };
  if (state.completed || state.expired) return unchanged;
  if ((def.availableFrom && atMs < Date.parse(def.availableFrom)) || (def.availableUntil && atMs >= Date.parse(def.availableUntil))) return unchanged;
  const base = `${kind}:${def.id}:${userId}:${instance}`;
  if (def.deadlineDays && state.startedAt !== undefined && atMs > state.startedAt + def.deadlineDays * 86_400_000) {
    outcomes.push({ userId, type: 'quest.expired', subject: def.id, data: { instance, steps: state.steps }, dedupKey: `${base}:expired` });
    return { state: { ...state, expired: true }, awards, outcomes };
  }
  const steps = { ...state.steps };
  let moved = false;
  for (const step of def.steps) {
    const done = (steps[step.id] ?? 0) >= step.target;
    if (done) continue;
    if (stepMoves(step, event, metrics)) {
      const was = steps[step.id] ?? 0;
      const now = step.metric !== undefined ? Math.max(was, metrics.get(step.metric)!) : was + stepAmount(step, event);
      if (now > was) {
        steps[step.id] = Math.min(step.target, now);
        moved = true;
        if (steps[step.id] === step.target && def.steps.length > 1 && kind === 'quest') {
          outcomes.push({ userId, type: 'quest.step_completed', subject: def.id, data: { step: step.id, instance }, dedupKey: `${base}:step:${step.id}` });
        }
      }
    }
    if (def.ordered) break; // only the first unfinished step can move
  }
  if (!moved) return unchanged;
  state = { ...state, steps, startedAt: state.startedAt ?? atMs };
  if (def.steps.every((s) => (steps[s.id] ?? 0) >= s.target)) {
    state = { ...state, completed: true, completedAt: atMs };
    if (def.reward) {
      awards.push(
        ...credit(pack, { userId, currency: def.reward.currency, amount: def.reward.amount, ruleId: `${kind}:${def.id}`, ruleVersion: pack.version, keyBase: base, isPublic }),
      );
    }
    outcomes.push({
      userId,
      type: kind === 'mission' ? 'mission.completed' : 'quest.completed',
      subject: def.id,
      data: kind === 'mission'
        ? { mission_type: def.id, xp_awarded: def.reward?.amount ?? 0, currency: def.reward?.currency ?? null, date: dayLabel(Number(instance)) }
        : { quest: def.id, instance, reward: def.reward ?? null },
      dedupKey: `${base}:completed`,
    });
  }
  return { state, awards, outcomes };
}

export interface QuestView {
  id: string;
  name: string;
  description?: string;
  instance: string;
  steps: { id: string; progress: number; target: number }[];
  completed: boolean;
  expired: boolean;
  reward: { currency: string; amount: number } | null;
  deadline: string | null;
}

export function questView(def: QuestDef, instance: string, state: QuestState | undefined): QuestView {
  const deadline = def.deadlineDays && state?.startedAt !== undefined ? state.startedAt + def.deadlineDays * 86_400_000 : def.availableUntil ? Date.parse(def.availableUntil) : null;
  return {
    id: def.id,
    name: def.name,
    ...(def.description ? { description: def.description } : {}),
    instance,
    steps: def.steps.map((s) => ({ id: s.id, progress: state?.steps[s.id] ?? 0, target: s.target })),
    completed: !!state?.completed,
    expired: !!state?.expired,
    reward: def.reward ?? null,
    deadline: deadline === null ? null : new Date(deadline).toISOString(),
  };
}
