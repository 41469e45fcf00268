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
  const start = unit === 'week' ? at.startOf('day').minus({ days: (at.weekday - weekStart + 7) % 7 }) : at.startOf(unit);
  const period = { fromMs: start.toMillis(), toMs: start.plus({ [`${unit}s`]: 1 }).toMillis(), label: start.toISODate()! };
  list.unshift(period);
  if (list.length > RECENT) list.pop();
  return period;
}
