import type { Award, ProgressOutcome } from '@questline/contracts';
import { credit } from '../engine/evaluate';
import type { Pack, StreakDef } from '../pack/pack.types';
import { dayLabel, periodOf, periodStart } from './periods';

/**
 * A user's streak, kept as facts rather than a running counter: the periods with activity and the
 * periods covered by a freeze or a repair. A run is a sequence of such periods with gaps of at
 * most `grace` periods; its length is the number of ACTIVE periods in it. Because the state is a
 * set of periods, a late event (event time, seed 000) lands where it happened, and replays and
 * duplicates change nothing.
 */
export interface StreakState {
  zone: string;
  periods: number[];
  bridged: number[];
  freezes: number;
  longest: number;
  /** Milestones paid, as `<run start when paid>:<length>`: a run pays each milestone once, also after late events moved its start or joined it to another. */
  paid: string[];
  /** The last break announced (streak.broken): which run, at which period, how long it was. */
  broken?: { runStart: number; at: number; length: number };
}

export interface StreakRun {
  start: number;
  end: number;
  length: number;
}

export interface StreakStep {
  state: StreakState;
  awards: Award[];
  outcomes: ProgressOutcome[];
  /** When the streak job must look again (the streak breaks then without activity), or null. */
  dueAt: number | null;
}

export const streakKey = (def: StreakDef) => `streak/${def.id}`;
export const streakRuleId = (def: StreakDef) => `streak:${def.id}`;

const emptyState = (zone: string): StreakState => ({ zone, periods: [], bridged: [], freezes: 0, longest: 0, paid: [] });

const insertSorted = (list: number[], p: number): number[] => (list.includes(p) ? list : [...list, p].sort((a, b) => a - b));

export function streakRuns(state: StreakState, def: StreakDef): StreakRun[] {
  const active = new Set(state.periods);
  const all = [...new Set([...state.periods, ...state.bridged])].sort((a, b) => a - b);
  const runs: StreakRun[] = [];
  for (const p of all) {
    const last = runs[runs.length - 1];
    if (last && p - last.end - 1 <= (def.grace ?? 0)) {
      last.end = p;
      if (active.has(p)) last.length++;
    } else {
      runs.push({ start: p, end: p, length: active.has(p) ? 1 : 0 });
    }
  }
  return runs;
}

const lastRun = (state: StreakState, def: StreakDef) => streakRuns(state, def).at(-1);

/**
 * Whether a milestone of `length` was paid to a run that is now part of `run`: a late event can
 * move a run's start back or join two runs, and what one of them was paid stays paid (once per run).
 */
const paidWithin = (state: StreakState, run: StreakRun, length: number): boolean =>
  state.paid.some((k) => {
    const [start, paidLength] = k.split(':').map(Number);
    return paidLength === length && start! >= run.start && start! <= run.end;
  });

/** When the streak breaks without new activity: the start of the period after the last tolerated miss. */
export function streakDueAt(pack: Pack, def: StreakDef, state: StreakState): number | null {
  const run = lastRun(state, def);
  if (!run || state.broken?.runStart === run.start) return null;
  return periodStart(run.end + (def.grace ?? 0) + 2, def.period, state.zone, pack.weekStart);
}

/** Drops runs older than the last two (their milestones with them): the state stays small. */
function compact(state: StreakState, def: StreakDef): StreakState {
  const runs = streakRuns(state, def);
  if (runs.length <= 2) return state;
  const keepFrom = runs[runs.length - 2]!.start;
  return {
    ...state,
    periods: state.periods.filter((p) => p >= keepFrom),
    bridged: state.bridged.filter((p) => p >= keepFrom),
    paid: state.paid.filter((k) => Number(k.split(':')[0]) >= keepFrom),
  };
}

const label = (def: StreakDef, p: number) => (def.period === 'day' ? dayLabel(p) : `week ${p}`);

/** Spends freezes on the periods after the last run while it would otherwise break before `upTo`. */
function spendFreezes(def: StreakDef, userId: string, state: StreakState, upTo: number, outcomes: ProgressOutcome[]): StreakState {
  let s = state;
  for (;;) {
    const run = lastRun(s, def);
    if (!run || s.freezes <= 0 || s.broken?.runStart === run.start || upTo - run.end - 1 <= (def.grace ?? 0)) return s;
    const covered = run.end + 1;
    s = { ...s, bridged: insertSorted(s.bridged, covered), freezes: s.freezes - 1 };
    outcomes.push({
      userId,
      type: 'streak.freeze_used',
      subject: def.id,
      data: { period: label(def, covered), freezes_left: s.freezes, streak_day: run.length },
      dedupKey: `streak:${def.id}:${userId}:freeze:${covered}`,
    });
  }
}

/** Activity at `atMs` (event time) in `zone`. */
export function streakActivity(
  pack: Pack,
  def: StreakDef,
  userId: string,
  previous: StreakState | undefined,
  atMs: number,
  zone: string,
  isPublic: boolean,
): StreakStep {
  let state = { ...(previous ?? emptyState(zone)), zone };
  const awards: Award[] = [];
  const outcomes: ProgressOutcome[] = [];
  const p = periodOf(atMs, def.period, zone, pack.weekStart);
  if (state.periods.includes(p)) return { state, awards, outcomes, dueAt: streakDueAt(pack, def, state) };
  const before = lastRun(state, def);
  if (before && p > before.end) state = spendFreezes(def, userId, state, p, outcomes);
  state = { ...state, periods: insertSorted(state.periods, p) };
  const runs = streakRuns(state, def);
  const run = runs.find((r) => r.start <= p && p <= r.end)!;
  const isLatest = run === runs[runs.length - 1];
  if (isLatest) {
    outcomes.push({
      userId,
      type: run.length === 1 ? 'streak.started' : 'streak.continued',
      subject: def.id,
      data: { streak_day: run.length, period: label(def, p) },
      dedupKey: `streak:${def.id}:${userId}:${run.length === 1 ? 'started' : 'day'}:${run.start}:${run.length}`,
    });
  }
  for (const m of [...def.milestones].sort((a, b) => a.length - b.length)) {
    const paidKey = `${run.start}:${m.length}`;
    if (run.length < m.length || paidWithin(state, run, m.length)) continue;
    state = { ...state, paid: [...state.paid, paidKey], freezes: Math.min(def.maxFreezes ?? 0, state.freezes + (m.freezes ?? 0)) };
    if (m.reward) {
      awards.push(
        ...credit(pack, {
          userId,
          currency: m.reward.currency,
          amount: m.reward.amount,
          ruleId: streakRuleId(def),
          ruleVersion: pack.version,
          keyBase: `streak:${def.id}:${userId}:${run.start}:${m.length}`,
          isPublic,
        }),
      );
    }
    outcomes.push({
      userId,
      type: 'streak.milestone',
      subject: def.id,
      data: { milestone: m.length, bonus_xp: m.reward?.amount ?? 0, currency: m.reward?.currency ?? null, freezes: state.freezes },
      dedupKey: `streak:${def.id}:${userId}:milestone:${run.start}:${m.length}`,
    });
  }
  // One freeze per `freezeEvery` periods of the run, each once per run (kept as a paid key with a
  // negative length beside the milestones': a late event joining runs keeps what each was given).
  // The run's paid keys are read once (not once per k: that made a back-filled run of n periods
  // cost n³ with freezeEvery: 1), and new ones appended together.
  if (def.freezeEvery && run.length >= def.freezeEvery) {
    const given = new Set<number>();
    for (const k of state.paid) {
      const [start, length] = k.split(':').map(Number);
      if (length! < 0 && start! >= run.start && start! <= run.end) given.add(-length!);
    }
    const earned: string[] = [];
    for (let k = def.freezeEvery; k <= run.length; k += def.freezeEvery) if (!given.has(k)) earned.push(`${run.start}:${-k}`);
    if (earned.length > 0) state = { ...state, paid: [...state.paid, ...earned], freezes: Math.min(def.maxFreezes ?? 0, state.freezes + earned.length) };
  }
  state = { ...state, longest: Math.max(state.longest, run.length) };
  if (state.broken && state.broken.runStart === run.start && run.end > state.broken.at) state = { ...state, broken: undefined };
  state = compact(state, def);
  return { state, awards, outcomes, dueAt: streakDueAt(pack, def, state) };
}

/** The streak job at `nowMs`: spends freezes on missed periods, else announces the break (once). */
export function expireStreak(pack: Pack, def: StreakDef, userId: string, previous: StreakState, nowMs: number): StreakStep {
  const outcomes: ProgressOutcome[] = [];
  const now = periodOf(nowMs, def.period, previous.zone, pack.weekStart);
  let state = spendFreezes(def, userId, previous, now, outcomes);
  const run = lastRun(state, def);
  if (run && state.broken?.runStart !== run.start && now - run.end - 1 > (def.grace ?? 0)) {
    state = { ...state, broken: { runStart: run.start, at: run.end + (def.grace ?? 0) + 1, length: run.length } };
    outcomes.push({
      userId,
      type: 'streak.broken',
      subject: def.id,
      data: { previous_streak: run.length, last_active: label(def, Math.max(...state.periods.filter((p) => p <= run.end))) },
      dedupKey: `streak:${def.id}:${userId}:broken:${run.start}`,
    });
  }
  return { state, awards: [], outcomes, dueAt: streakDueAt(pack, def, state) };
}

/** Repairs the last break if it is recent enough: the missed periods are covered and the runs join. */
export function repairStreak(pack: Pack, def: StreakDef, userId: string, previous: StreakState | undefined, nowMs: number): StreakStep | { refused: string } {
  if (!def.repair) return { refused: `streak "${def.id}" cannot be repaired` };
  if (!previous?.broken) return { refused: 'the streak is not broken' };
  const broken = previous.broken;
  const now = periodOf(nowMs, def.period, previous.zone, pack.weekStart);
  if (now - broken.at > def.repair.withinPeriods) return { refused: `the break is older than ${def.repair.withinPeriods} ${def.period}(s)` };
  const run = streakRuns(previous, def).find((r) => r.start === broken.runStart);
  if (!run) return { refused: 'the broken run is no longer known' };
  const nextActive = previous.periods.find((p) => p > run.end);
  const gapEnd = (nextActive ?? now) - 1;
  let bridged = previous.bridged;
  for (let p = run.end + 1; p <= gapEnd; p++) if (!previous.periods.includes(p)) bridged = insertSorted(bridged, p);
  let state: StreakState = { ...previous, bridged, broken: undefined };
  const joined = streakRuns(state, def).find((r) => r.start === broken.runStart)!;
  state = { ...state, longest: Math.max(state.longest, joined.length) };
  const outcomes: ProgressOutcome[] = [
    { userId, type: 'streak.repaired', subject: def.id, data: { streak_day: joined.length }, dedupKey: `streak:${def.id}:${userId}:repaired:${broken.runStart}:${broken.at}` },
  ];
  return { state, awards: [], outcomes, dueAt: streakDueAt(pack, def, state) };
}

export interface StreakView {
  id: string;
  name: string;
  period: 'day' | 'week';
  current: number;
  longest: number;
  freezes: number;
  /** Whether activity in the current period is still needed to keep the streak. */
  activeThisPeriod: boolean;
  /** When the streak breaks without activity (ISO 8601), or null. */
  breaksAt: string | null;
  broken: { previousStreak: number; repairableUntil: string | null } | null;
}

export function streakView(pack: Pack, def: StreakDef, state: StreakState | undefined, nowMs: number): StreakView {
  const base = { id: def.id, name: def.name, period: def.period };
  if (!state) return { ...base, current: 0, longest: 0, freezes: 0, activeThisPeriod: false, breaksAt: null, broken: null };
  const now = periodOf(nowMs, def.period, state.zone, pack.weekStart);
  const run = lastRun(state, def);
  const alive = !!run && state.broken?.runStart !== run.start && now - run.end - 1 <= (def.grace ?? 0) + state.freezes;
  const due = streakDueAt(pack, def, state);
  const repairable = state.broken && def.repair ? periodStart(state.broken.at + def.repair.withinPeriods + 1, def.period, state.zone, pack.weekStart) : null;
  return {
    ...base,
    current: alive ? run!.length : 0,
    longest: state.longest,
    freezes: state.freezes,
    activeThisPeriod: state.periods.includes(now),
    breaksAt: alive && due !== null ? new Date(due).toISOString() : null,
    broken: state.broken ? { previousStreak: state.broken.length, repairableUntil: repairable !== null && repairable > nowMs ? new Date(repairable).toISOString() : null } : null,
  };
}
