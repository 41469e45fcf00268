import { DateTime } from 'luxon';
import { localDayStart, zonedPeriod } from '../engine/zoned-period';

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

/**
 * The [from, to) instants of a calendar period named as the leaderboards name them —
 * `d2026-11-23` (a day), `w2026-11-23` (the week starting that day, which must be a `weekStart`
 * day), `m2026-11` (a month) — in the zone. A string for a label that names no such period.
 */
export function calendarPeriodRange(label: string, zone: string, weekStart = 1): { from: Date; to: Date } | string {
  const m = /^([dw])(\d{4}-\d{2}-\d{2})$|^m(\d{4}-\d{2})$/.exec(label);
  if (!m) return 'must be d<YYYY-MM-DD>, w<YYYY-MM-DD> (the first day of the week) or m<YYYY-MM>';
  const start = m[3] ? DateTime.fromISO(`${m[3]}-01`, { zone: 'UTC' }) : DateTime.fromISO(m[2]!, { zone: 'UTC' });
  if (!start.isValid) return `${label} is not a date`;
  if (m[1] === 'w' && start.weekday !== weekStart) return `${m[2]} is not the first day of a week (weeks start on ISO weekday ${weekStart}): use w${start.minus({ days: (start.weekday - weekStart + 7) % 7 }).toISODate()}`;
  // Calendar dates first, then each boundary is the first instant of its local date (where DST
  // changes at midnight a day starts at 01:00, or its 00:00 happens twice).
  const end = start.plus(m[3] ? { months: 1 } : m[1] === 'w' ? { weeks: 1 } : { days: 1 });
  return { from: new Date(localDayStart(start, zone)), to: new Date(localDayStart(end, zone)) };
}
