import type { ProgressOutcome } from '@questline/contracts';
import type { AchievementDef, Pack } from '../pack/pack.types';

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
