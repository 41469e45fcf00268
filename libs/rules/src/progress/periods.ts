import { DateTime } from 'luxon';
import { zonedPeriod } from '../engine/zoned-period';

const DAY_MS = 86_400_000;

export type PeriodUnit = 'day' | 'week';

/**
 * Calendar periods as integers, in a time zone: day N is the N-th local date since 1970-01-01,
 * week N the N-th week (starting on `weekStart`, 1 = Monday) since the week holding that date.
 * Consecutive periods are consecutive integers, which is all streaks and daily missions need.
 */
export function periodOf(ms: number, unit: PeriodUnit, zone: string, weekStart = 1): number {
  const day = Math.floor(Date.parse(zonedPeriod(ms, zone, 'day').label) / DAY_MS);
  return unit === 'day' ? day : Math.floor((day + weekOffset(weekStart)) / 7);
}

/** The instant period `index` starts, in the zone. */
export function periodStart(index: number, unit: PeriodUnit, zone: string, weekStart = 1): number {
  const day = unit === 'day' ? index : index * 7 - weekOffset(weekStart);
  const date = new Date(day * DAY_MS);
  return DateTime.fromObject({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, { zone }).toMillis();
}

/** The local date (YYYY-MM-DD) a day index stands for. */
export const dayLabel = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** 1970-01-01 was a Thursday (ISO weekday 4): days from the week's start to that date. */
const weekOffset = (weekStart: number) => (4 - weekStart + 7) % 7;
