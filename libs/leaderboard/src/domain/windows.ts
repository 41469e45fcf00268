import { DateTime } from 'luxon';

export const WINDOWS = ['all-time', 'daily', 'weekly', 'monthly', 'season'] as const;
export type BoardWindow = (typeof WINDOWS)[number];

/** Tie-break resolution: the low bits of a stored score record when the member reached it. */
export const TICK_SPACE = 2 ** 21;
/** The one period of an all-time board. */
export const ALL_TIME = 'all';

const ALL_TIME_EPOCH = Date.UTC(2024, 0, 1);

/** A custom season: [from, to), ISO instants or dates (dates are read in the tenant's zone). */
export interface Season {
  id: string;
  from: string;
  to: string;
}

/** How a tenant's calendar cuts time into periods. */
export interface BoardCalendar {
  zone: string;
  /** 1 = Monday ... 7 = Sunday. */
  weekStart: number;
  seasons?: Season[];
}

export interface BoardPeriod {
  window: BoardWindow;
  /** `all`, `d2026-11-24`, `w2026-11-23` (the week's first day), `m2026-11`, `s<season id>`. */
  period: string;
  /** When in the period the score was reached: minutes since its start (hours since 2024 for all-time). */
  tick: number;
}

type Calendar = Exclude<BoardWindow, 'all-time' | 'season'>;

const PREFIX: Record<Exclude<BoardWindow, 'all-time'>, string> = { daily: 'd', weekly: 'w', monthly: 'm', season: 's' };
const LENGTH: Record<Calendar, object> = { daily: { days: 1 }, weekly: { weeks: 1 }, monthly: { months: 1 } };

function startOf(window: Calendar, at: DateTime, weekStart: number): DateTime {
  if (window === 'daily') return at.startOf('day');
  if (window === 'monthly') return at.startOf('month');
  const day = at.startOf('day');
  return day.minus({ days: (day.weekday - weekStart + 7) % 7 });
}

const minutesSince = (atMs: number, fromMs: number) => Math.min(TICK_SPACE - 1, Math.max(0, Math.floor((atMs - fromMs) / 60_000)));

function seasonRange(s: Season, zone: string): { from: number; to: number } {
  return { from: DateTime.fromISO(s.from, { zone }).toMillis(), to: DateTime.fromISO(s.to, { zone }).toMillis() };
}

function labelOf(window: Calendar, start: DateTime): string {
  return `${PREFIX[window]}${window === 'monthly' ? start.toFormat('yyyy-LL') : start.toFormat('yyyy-LL-dd')}`;
}

/**
 * The period of each window an event time falls in, in the tenant's zone (periods are calendar
 * periods there). A season window yields a period only while one of its seasons runs.
 */
export function periodsAt(windows: readonly BoardWindow[], atMs: number, cal: BoardCalendar): BoardPeriod[] {
  const at = DateTime.fromMillis(atMs, { zone: cal.zone });
  return windows.flatMap((window): BoardPeriod[] => {
    if (window === 'all-time') return [{ window, period: 'all', tick: Math.min(TICK_SPACE - 1, Math.max(0, Math.floor((atMs - ALL_TIME_EPOCH) / 3_600_000))) }];
    if (window === 'season') {
      return (cal.seasons ?? []).flatMap((s) => {
        const r = seasonRange(s, cal.zone);
        return atMs >= r.from && atMs < r.to ? [{ window, period: `s${s.id}`, tick: minutesSince(atMs, r.from) }] : [];
      });
    }
    const start = startOf(window, at, cal.weekStart);
    return [{ window, period: labelOf(window, start), tick: minutesSince(atMs, start.toMillis()) }];
  });
}

/** 0001-01-01T00:00:00Z: the earliest instant both JavaScript and Postgres represent. */
export const ALL_OF_TIME_FROM_MS = Date.parse('0001-01-01T00:00:00Z');

/** A period's [start, end) in epoch ms, from its id; null when the id is not one of `window`'s. */
export function periodRange(window: BoardWindow, period: string, cal: BoardCalendar): { from: number; to: number } | null {
  // All of time: from year 1, not 1970 — ingest refuses events before 1970, but a rebuild or
  // reconcile never drops a ledger row for its age (rows older than the floor, from before it existed).
  if (window === 'all-time') return period === 'all' ? { from: ALL_OF_TIME_FROM_MS, to: 8.64e15 } : null;
  if (window === 'season') {
    const s = (cal.seasons ?? []).find((x) => `s${x.id}` === period);
    return s ? seasonRange(s, cal.zone) : null;
  }
  const m = /^([dwm])(\d{4}-\d{2}(?:-\d{2})?)$/.exec(period);
  if (!m || m[1] !== PREFIX[window]) return null;
  const start = DateTime.fromISO(m[2]!, { zone: cal.zone });
  if (!start.isValid || (window === 'monthly') !== (m[2]!.length === 7)) return null;
  if (window === 'weekly' && start.weekday !== cal.weekStart) return null;
  return { from: start.toMillis(), to: start.plus(LENGTH[window]).toMillis() };
}

/**
 * The period a read defaults to: the running one; for seasons, the running season or else the
 * latest that has begun. Null when a season window has none that has begun.
 */
export function currentPeriod(window: BoardWindow, now: number, cal: BoardCalendar): string | null {
  const running = periodsAt([window], now, cal)[0];
  if (running) return running.period;
  const begun = (cal.seasons ?? []).map((s) => ({ s, r: seasonRange(s, cal.zone) })).filter((x) => x.r.from <= now);
  begun.sort((a, b) => b.r.to - a.r.to);
  return begun[0] ? `s${begun[0].s.id}` : null;
}

/** Periods of `window` that ended at or before `now`, newest first, at most `count` (all-time never ends). */
export function endedPeriods(window: BoardWindow, now: number, cal: BoardCalendar, count: number): { period: string; from: number; to: number }[] {
  if (window === 'all-time') return [];
  if (window === 'season') {
    return (cal.seasons ?? [])
      .map((s) => ({ period: `s${s.id}`, ...seasonRange(s, cal.zone) }))
      .filter((p) => p.to <= now)
      .sort((a, b) => b.to - a.to)
      .slice(0, count);
  }
  const out: { period: string; from: number; to: number }[] = [];
  let start = startOf(window, DateTime.fromMillis(now, { zone: cal.zone }), cal.weekStart);
  for (let i = 0; i < count; i++) {
    const prev = startOf(window, start.minus({ milliseconds: 1 }), cal.weekStart);
    out.push({ period: labelOf(window, prev), from: prev.toMillis(), to: start.toMillis() });
    start = prev;
  }
  return out;
}
