/** Calendar days as `YYYY-MM-DD` strings (a tenant's local days; no time zone of their own). */

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day from 1970 on (`2026-02-31` and `0000-01-01` are not). */
export const isDay = (s: string): boolean => ISO_DAY.test(s) && s >= '1970-01-01' && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** `day` plus `n` days. */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Every day from `from` to `to`, both included (empty when `to` is before `from`). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Days in number of whole days from `a` to `b`. */
export const dayDiff = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

/** The local day of an instant in an IANA zone. */
export function localDay(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * Splits sorted days into runs of consecutive days of at most `size` each (one transaction each,
 * so a run's event-time window stays a few days wide however far apart the changed days are).
 */
export function consecutiveRuns(days: string[], size: number): string[][] {
  const out: string[][] = [];
  for (const d of [...new Set(days)].sort()) {
    const run = out[out.length - 1];
    if (run && run.length < size && addDays(run[run.length - 1]!, 1) === d) run.push(d);
    else out.push([d]);
  }
  return out;
}
