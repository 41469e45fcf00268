import { DateTime } from 'luxon';

export const WINDOWS = ['all-time', 'daily', 'weekly', 'monthly'] as const;
export type BoardWindow = (typeof WINDOWS)[number];

/** Tie-break resolution: the low bits of a stored score record when the member reached it. */
export const TICK_SPACE = 2 ** 21;
const ALL_TIME_EPOCH = Date.UTC(2024, 0, 1);

export interface BoardPeriod {
  window: BoardWindow;
  /** `all`, `d2026-11-24`, `w2026-11-23` (the week's first day), `m2026-11`. */
  period: string;
  /** When in the period the score was reached: minutes since its start (hours since 2024 for all-time). */
  tick: number;
}

function startOf(window: Exclude<BoardWindow, 'all-time'>, at: DateTime, weekStart: number): DateTime {
  if (window === 'daily') return at.startOf('day');
  if (window === 'monthly') return at.startOf('month');
  const day = at.startOf('day');
  return day.minus({ days: (day.weekday - weekStart + 7) % 7 });
}

/** The period of each window an event time falls in, in the tenant's zone (periods are calendar periods there). */
export function periodsAt(windows: readonly BoardWindow[], atMs: number, zone: string, weekStart = 1): BoardPeriod[] {
  const at = DateTime.fromMillis(atMs, { zone });
  return windows.map((window) => {
    if (window === 'all-time') return { window, period: 'all', tick: Math.min(TICK_SPACE - 1, Math.max(0, Math.floor((atMs - ALL_TIME_EPOCH) / 3_600_000))) };
    const start = startOf(window, at, weekStart);
    const prefix = window === 'daily' ? 'd' : window === 'weekly' ? 'w' : 'm';
    const label = window === 'monthly' ? start.toFormat('yyyy-LL') : start.toFormat('yyyy-LL-dd');
    return { window, period: `${prefix}${label}`, tick: Math.min(TICK_SPACE - 1, Math.floor((atMs - start.toMillis()) / 60_000)) };
  });
}

/** A period's [start, end) in epoch ms, from its id; null when the id is not one of `window`'s. */
export function periodRange(window: BoardWindow, period: string, zone: string, weekStart = 1): { from: number; to: number } | null {
  if (window === 'all-time') return period === 'all' ? { from: 0, to: 8.64e15 } : null;
  const m = /^([dwm])(\d{4}-\d{2}(?:-\d{2})?)$/.exec(period);
  const prefix = window === 'daily' ? 'd' : window === 'weekly' ? 'w' : 'm';
  if (!m || m[1] !== prefix) return null;
  const start = DateTime.fromISO(m[2]!, { zone });
  if (!start.isValid || (window === 'monthly') !== (m[2]!.length === 7)) return null;
  if (window === 'weekly' && start.weekday !== weekStart) return null;
  const end = start.plus(window === 'daily' ? { days: 1 } : window === 'weekly' ? { weeks: 1 } : { months: 1 });
  return { from: start.toMillis(), to: end.toMillis() };
}
