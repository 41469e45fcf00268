import type { ProgressOutcome } from '@questline/contracts';
import type { AchievementDef, Pack } from '../pack/pack.types';
import type { MetricState } from '../progress/metrics';
import type { QuestState } from '../progress/quests';
import { streakKey, streakView, type StreakState } from '../progress/streaks';

/**
 * The achievements a progress outcome reaches: a metric's milestone at or above `atLeast`, a
 * streak (started, continued or repaired) at or above `atLeast` periods, a mission or quest
 * completed. The rules engine emits these outcomes once, in decision order; the achievements
 * service unlocks on them and the rules engine's `user.badges` counts them, so both read one
 * definition.
 */
export function badgesReached(pack: Pack, o: ProgressOutcome): AchievementDef[] {
  const reached: AchievementDef[] = [];
  for (const a of pack.achievements) {
    const w = a.when;
    if ('metric' in w) {
      if (o.type === 'metric.milestone' && w.metric === o.subject && w.atLeast <= Number(o.data['milestone'])) reached.push(a);
    } else if ('streak' in w) {
      if ((o.type === 'streak.started' || o.type === 'streak.continued' || o.type === 'streak.repaired') && w.streak === o.subject && w.atLeast <= Number(o.data['streak_day'])) reached.push(a);
    } else if ('quest' in w) {
      if (o.type === 'quest.completed' && w.quest === o.subject) reached.push(a);
    } else if ('mission' in w) {
      if (o.type === 'mission.completed' && w.mission === o.subject) reached.push(a);
    }
  }
  return reached;
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

/**
 * How far a user is toward an achievement: `current` of `target` in the criterion's own unit
 * (balance, level, metric value — its best period —, streak length, quest steps done, missions).
 */
export function badgeProgress(pack: Pack, a: AchievementDef, input: BadgeInputs): { current: number; target: number } {
  const w = a.when;
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
  return { current: 0, target: 1 };
}
