import fc from 'fast-check';
import { DateTime } from 'luxon';
import { zonedPeriod, type CalendarUnit } from './zoned-period';

// The last five change DST at midnight: a day there can start at 01:00.
const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Ho_Chi_Minh', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'America/Santiago', 'Africa/Cairo', 'Asia/Beirut', 'America/Havana', 'Atlantic/Azores'];

/**
 * The period with nothing remembered, found by scanning: its first day is the instant's local date
 * stepped back to the period's start, and each boundary is the first minute whose local date is
 * that day (searched from 3 h before UTC midnight of the date minus the zone's largest offset).
 */
function direct(atMs: number, zone: string, unit: CalendarUnit, weekStart: number) {
  const at = DateTime.fromMillis(atMs, { zone });
  const date = DateTime.fromObject({ year: at.year, month: at.month, day: at.day }, { zone: 'UTC' });
  const first = unit === 'day' ? date : unit === 'week' ? date.minus({ days: (at.weekday - weekStart + 7) % 7 }) : date.startOf('month');
  const boundary = (d: DateTime) => {
    const label = d.toISODate()!;
    // Local midnight is within UTC midnight ± 15 h: find the first minute of that date (a bisection on minutes).
    let lo = d.toMillis() - 15 * 3_600_000;
    let hi = d.toMillis() + 15 * 3_600_000;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (DateTime.fromMillis(mid, { zone }).toISODate()! >= label) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  return { fromMs: boundary(first), toMs: boundary(first.plus({ [`${unit}s`]: 1 })), label: first.toISODate()! };
}

describe('zonedPeriod', () => {
  it('answers every instant exactly as luxon does, whatever was asked before (DST, half-hour and 45-minute zones)', () => {
    const span = [Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-11-15T00:00:00Z')] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            atMs: fc.integer({ min: span[0], max: span[1] }),
            zone: fc.constantFrom(...ZONES),
            unit: fc.constantFrom<CalendarUnit>('day', 'week', 'month'),
            weekStart: fc.integer({ min: 1, max: 7 }),
            // Neighbours of the instant: the minutes around a period's edge are the likely mistakes.
            nudge: fc.integer({ min: -90, max: 90 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (asks) => {
          for (const a of asks) {
            const edge = direct(a.atMs, a.zone, a.unit, a.weekStart).fromMs + a.nudge * 60_000;
            for (const at of [a.atMs, edge]) expect(zonedPeriod(at, a.zone, a.unit, a.weekStart)).toEqual(direct(at, a.zone, a.unit, a.weekStart));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an instant is in the day of its own local date, whatever was asked before (also where DST changes at midnight)', () => {
    const span = [Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-12-31T00:00:00Z')] as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: span[0], max: span[1] }), fc.constantFrom(...ZONES)), { minLength: 1, maxLength: 40 }), (asks) => {
        for (const [atMs, zone] of asks) {
          const p = zonedPeriod(atMs, zone, 'day');
          expect({ atMs, zone, label: p.label, inside: p.fromMs <= atMs && atMs < p.toMs }).toEqual({ atMs, zone, label: DateTime.fromMillis(atMs, { zone }).toISODate(), inside: true });
        }
      }),
      { numRuns: 300 },
    );
    // America/Santiago, 2026-09-06: clocks go from 00:00 to 01:00; the day before DST ends at the next midnight.
    const before = zonedPeriod(Date.parse('2026-09-06T15:00:00Z'), 'America/Santiago', 'day');
    expect([(before.toMs - before.fromMs) / 3_600_000, before.label]).toEqual([23, '2026-09-06']);
    expect(zonedPeriod(Date.parse('2026-09-07T03:30:00Z'), 'America/Santiago', 'day').label).toBe('2026-09-07');
  });

  it('a day across a DST change is 23 or 25 hours long', () => {
    const spring = zonedPeriod(Date.parse('2026-03-29T12:00:00Z'), 'Europe/Paris', 'day');
    const autumn = zonedPeriod(Date.parse('2026-10-25T12:00:00Z'), 'Europe/Paris', 'day');
    expect([(spring.toMs - spring.fromMs) / 3_600_000, spring.label]).toEqual([23, '2026-03-29']);
    expect([(autumn.toMs - autumn.fromMs) / 3_600_000, autumn.label]).toEqual([25, '2026-10-25']);
  });
});
