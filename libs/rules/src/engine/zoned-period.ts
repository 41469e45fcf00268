import { DateTime } from 'luxon';

export type CalendarUnit = 'day' | 'week' | 'month';

/** A local calendar period: [fromMs, toMs) and the local date it starts on (YYYY-MM-DD). */
export interface ZonedPeriod {
  fromMs: number;
  toMs: number;
  /** The local date the period starts on. */
  label: string;
}

const RECENT = 8;
const recent = new Map<string, ZonedPeriod[]>();

/**
 * The calendar day, week (from `weekStart`, 1 = Monday ... 7 = Sunday) or month holding `atMs`
 * in `zone`. Time-zone arithmetic is the engine's main cost (an Intl offset lookup per DateTime),
 * and a batch's events crowd into a few periods, so the last few periods computed per zone and
 * unit are kept and an instant inside one is answered from it: exact (a period is only reused for
 * the instants it holds), whatever the zone's offsets and DST transitions.
 */
export function zonedPeriod(atMs: number, zone: string, unit: CalendarUnit, weekStart = 1): ZonedPeriod {
  const key = `${zone}\u0000${unit}\u0000${weekStart}`;
  let list = recent.get(key);
  if (list) {
    for (const p of list) if (atMs >= p.fromMs && atMs < p.toMs) return p;
  } else {
    list = [];
    recent.set(key, list);
  }
  const at = DateTime.fromMillis(atMs, { zone });
  // Calendar arithmetic on plain dates, then each boundary is the first instant of its local date:
  // where DST changes at midnight a day starts at 01:00 (or its 00:00 happens twice), and wall-clock
  // arithmetic from one instant would land an hour off depending on which instant it started from.
  const date = DateTime.fromObject({ year: at.year, month: at.month, day: at.day }, { zone: 'UTC' });
  const first = unit === 'day' ? date : unit === 'week' ? date.minus({ days: (at.weekday - weekStart + 7) % 7 }) : date.startOf('month');
  const next = first.plus({ [`${unit}s`]: 1 });
  const period = { fromMs: localDayStart(first, zone), toMs: localDayStart(next, zone), label: first.toISODate()! };
  list.unshift(period);
  if (list.length > RECENT) list.pop();
  return period;
}

/** The first instant of a calendar date (given as a UTC DateTime) in `zone`. */
export function localDayStart(date: DateTime, zone: string): number {
  let start = DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone });
  // A midnight that happens twice (DST ends at 01:00 → 00:00): the day began at the first one.
  const earlier = start.minus({ hours: 1 });
  if (earlier.toISODate() === start.toISODate()) start = earlier;
  return start.toMillis();
}
