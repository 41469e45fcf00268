import type { LevelCurve } from '../pack/pack.types';

export interface LevelInfo {
  level: number;
  /** Lifetime amount at which the next level starts, or null at the top of the curve. */
  nextAt: number | null;
}

/** Level from LIFETIME earned (never the spendable balance): the highest threshold reached. */
export function levelFor(curve: LevelCurve | undefined, lifetime: number): LevelInfo {
  if (!curve) return { level: 1, nextAt: null };
  let level = 0;
  for (const t of curve.thresholds) if (lifetime >= t) level++;
  const next = curve.thresholds[level];
  return { level: Math.max(1, level), nextAt: next ?? null };
}

/** The amount a user's level is computed on: gross lifetime earned, or net earned where levels can go down. */
export const levelBasis = (curve: LevelCurve | undefined, balance: { lifetime: number; net: number }): number =>
  curve?.allowDown ? Math.max(0, balance.net) : balance.lifetime;

/** The level a balance gives: 1 without levels, or for a user without a balance in the level currency. */
export const userLevel = (curve: LevelCurve | undefined, balance: { lifetime: number; net: number } | undefined): number =>
  curve ? levelFor(curve, levelBasis(curve, balance ?? { lifetime: 0, net: 0 })).level : 1;
