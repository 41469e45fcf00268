import fc from 'fast-check';
import { DateTime } from 'luxon';
import { zonedPeriod, type CalendarUnit } from './zoned-period';

const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Ho_Chi_Minh', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham'];

/** The period straight from luxon, with nothing remembered. */
function direct(atMs: number, zone: string, unit: CalendarUnit, weekStart: number) {
  const at = DateTime.fromMillis(atMs, { zone });
  const start = unit === 'week' ? at.startOf('day').minus({ days: (at.weekday - weekStart + 7) % 7 }) : at.startOf(unit);
  return { fromMs: start.toMillis(), toMs: start.plus({ [`${unit}s`]: 1 }).toMillis(), label: start.toISODate()! };
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

  it('a day across a DST change is 23 or 25 hours long', () => {
    const spring = zonedPeriod(Date.parse('2026-03-29T12:00:00Z'), 'Europe/Paris', 'day');
    const autumn = zonedPeriod(Date.parse('2026-10-25T12:00:00Z'), 'Europe/Paris', 'day');
    expect([(spring.toMs - spring.fromMs) / 3_600_000, spring.label]).toEqual([23, '2026-03-29']);
    expect([(autumn.toMs - autumn.fromMs) / 3_600_000, autumn.label]).toEqual([25, '2026-10-25']);
  });
});
