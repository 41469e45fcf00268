import type { ProgressOutcome } from '@questline/contracts';
import type { AchievementDef, Pack } from '../pack/pack.types';
import type { MetricState } from '../progress/metrics';
import type { QuestState } from '../progress/quests';
import { streakKey, streakView, type StreakState } from '../progress/streaks';

type When = AchievementDef['when'];
/** One criterion: a balance, metric, streak, level, quest or mission (what `all` / `any` combine). */
export type Criterion = Exclude<When, { all: unknown } | { any: unknown } | { leaderboard: string }>;

const byIdCache = new WeakMap<Pack, Map<string, AchievementDef>>();
/** A pack's achievement by id (tiers too), from a map built once per loaded pack: unlock paths look one up per candidate. */
export function achievementById(pack: Pack | undefined, id: string): AchievementDef | undefined {
  if (!pack) return undefined;
  let byId = byIdCache.get(pack);
  if (!byId) byIdCache.set(pack, (byId = new Map(pack.achievements.map((a) => [a.id, a]))));
  return byId.get(id);
}

/** The parts of an `all` / `any` combination, or null for a single criterion. */
export const partsOf = (w: When): readonly Criterion[] | null => ('all' in w ? w.all : 'any' in w ? w.any : null);

/** Whether an achievement can be unlocked at this time (its availability window; grants ignore it). */
export const availableAt = (a: AchievementDef, atMs: number): boolean =>
  (!a.availableFrom || atMs >= Date.parse(a.availableFrom)) && (!a.availableUntil || atMs < Date.parse(a.availableUntil));

/** Whether a progress outcome reaches a criterion: a metric's milestone at or above it, a streak at or above its length, a completion. */
function reaches(w: Criterion, o: ProgressOutcome): boolean {
  if ('metric' in w) return o.type === 'metric.milestone' && w.metric === o.subject && w.atLeast <= Number(o.data['milestone']);
  if ('streak' in w) return (o.type === 'streak.started' || o.type === 'streak.continued' || o.type === 'streak.repaired') && w.streak === o.subject && w.atLeast <= Number(o.data['streak_day']);
  if ('quest' in w) return o.type === 'quest.completed' && w.quest === o.subject;
  if ('mission' in w) return o.type === 'mission.completed' && w.mission === o.subject;
  return false;
}

/**
 * The single-criterion achievements a progress outcome reaches: a metric's milestone at or above
 * `atLeast`, a streak (started, continued or repaired) at or above `atLeast` periods, a mission or
 * quest completed — within the achievement's availability window when `atMs` (the event's time)
 * is given. The rules engine emits these outcomes once, in decision order; the achievements
 * service unlocks on them and the rules engine's `user.badges` counts them, so both read one
 * definition. Combinations are `partsReached`.
 */
export function badgesReached(pack: Pack, o: ProgressOutcome, atMs?: number): AchievementDef[] {
  return pack.achievements.filter((a) => !partsOf(a.when) && !('leaderboard' in a.when) && reaches(a.when as Criterion, o) && (atMs === undefined || availableAt(a, atMs)));
}

/** The combinations (`all` / `any`) one of whose parts this progress outcome reaches, with the index of each part reached. */
export function partsReached(pack: Pack, o: ProgressOutcome): { def: AchievementDef; parts: number[] }[] {
  const out: { def: AchievementDef; parts: number[] }[] = [];
  for (const a of pack.achievements) {
    const parts = partsOf(a.when);
    if (!parts) continue;
    const hit = parts.flatMap((p, i) => (reaches(p, o) ? [i] : []));
    if (hit.length > 0) out.push({ def: a, parts: hit });
  }
  return out;
}

/** The combinations with a part on this currency's balance, or (`level`) on the level. */
export const combinationsOn = (pack: Pack, currency: string): AchievementDef[] =>
  pack.achievements.filter((a) => partsOf(a.when)?.some((p) => ('currency' in p && p.currency === currency) || ('level' in p && pack.levels?.currency === currency)));

/**
 * Which occurrence of a repeatable achievement a progress outcome is: the metric's period, the
 * mission's day, the quest's instance. '' for a once-only achievement (one unlock per user, ever).
 */
export function occurrenceOf(a: AchievementDef, o: ProgressOutcome): string {
  if (!a.repeatable) return '';
  if (o.type === 'metric.milestone') return String(o.data['period'] ?? '');
  if (o.type === 'mission.completed') return String(o.data['date'] ?? '');
  if (o.type === 'quest.completed') return String(o.data['instance'] ?? '');
  return '';
}

/** Achievements held at a level (`when: { level }`), beside the implicit `level-<n>`. */
export const levelBadges = (pack: Pack, level: number): AchievementDef[] => pack.achievements.filter((a) => 'level' in a.when && a.when.level <= level);

/** What a badge's progress is computed from: the user's balances and level, and their progress entries (key → state). */
export interface BadgeInputs {
  lifetime(currency: string): number;
  level: number;
  progress: ReadonlyMap<string, unknown>;
  nowMs: number;
}

export interface BadgeProgress {
  current: number;
  target: number;
  /** For `all` / `any`: each part's own progress, in the pack's order. */
  parts?: { current: number; target: number }[];
}

/**
 * How far a user is toward an achievement: `current` of `target` in the criterion's own unit
 * (balance, level, metric value — its best period —, streak length, quest steps done, missions).
 * A combination counts its parts met: `all` of n is n/n when every part is, `any` is 1/1 when one
 * is. `met` marks parts known met from the outcome being handled (a streak at its length then,
 * however it stands now).
 */
export function badgeProgress(pack: Pack, a: AchievementDef, input: BadgeInputs, met: readonly number[] = []): BadgeProgress {
  const parts = partsOf(a.when);
  if (!parts) return 'leaderboard' in a.when ? { current: 0, target: 1 } : criterionProgress(pack, a.when as Criterion, input);
  const each = parts.map((p, i) => {
    const r = criterionProgress(pack, p, input);
    return met.includes(i) ? { current: Math.max(r.current, r.target), target: r.target } : r;
  });
  const done = each.filter((r) => r.current >= r.target).length;
  return 'all' in a.when ? { current: done, target: parts.length, parts: each } : { current: Math.min(done, 1), target: 1, parts: each };
}

function criterionProgress(pack: Pack, w: Criterion, input: BadgeInputs): { current: number; target: number } {
  if ('currency' in w) return { current: input.lifetime(w.currency), target: w.lifetimeAtLeast };
  if ('level' in w) return { current: input.level, target: w.level };
  if ('metric' in w) {
    let best = 0;
    for (const [key, state] of input.progress) if (key.startsWith(`metric/${w.metric}/`)) best = Math.max(best, (state as MetricState).value);
    return { current: best, target: w.atLeast };
  }
  if ('streak' in w) {
    const def = pack.streaks.find((s) => s.id === w.streak);
    const state = input.progress.get(def ? streakKey(def) : '') as StreakState | undefined;
    return { current: def ? streakView(pack, def, state, input.nowMs).current : 0, target: w.atLeast };
  }
  if ('quest' in w) {
    const def = pack.quests.find((q) => q.id === w.quest);
    let done = 0;
    for (const [key, state] of input.progress) {
      if (!def || !key.startsWith(`quest/${def.id}/`)) continue;
      const q = state as QuestState;
      done = Math.max(done, q.completed ? def.steps.length : def.steps.filter((s) => (q.steps[s.id] ?? 0) >= s.target).length);
    }
    return { current: done, target: def?.steps.length ?? 1 };
  }
  // A mission: done on any day.
  let done = 0;
  for (const [key, state] of input.progress) if (key.startsWith(`mission/${w.mission}/`) && (state as QuestState).completed) done = 1;
  return { current: done, target: 1 };
}
