import { achievementById, type Pack } from '@questline/rules';

/** The achievement id that records reaching a level (level 1 is where everyone starts). */
export const levelAchievementId = (level: number) => `level-${level}`;

/** Display name and description: the pack's achievement, or "Level N" for level-ups. */
export function describeAchievement(pack: Pack | undefined, id: string): { name: string; description: string | null; class: string | null } {
  const def = achievementById(pack, id);
  if (def) return { name: def.name, description: def.description ?? null, class: def.class ?? null };
  const level = /^level-(\d+)$/.exec(id)?.[1];
  return level ? { name: `Level ${level}`, description: `Reached level ${level}.`, class: null } : { name: id, description: null, class: null };
}
