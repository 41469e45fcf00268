import fc from 'fast-check';
import { ALL_OF_TIME_FROM_MS, currentPeriod, endedPeriods, periodRange, periodsAt, type BoardCalendar } from './windows';

const hcm: BoardCalendar = { zone: 'Asia/Ho_Chi_Minh', weekStart: 1 };
const ny: BoardCalendar = { zone: 'America/New_York', weekStart: 7, seasons: [{ id: 'winter', from: '2026-12-01', to: '2027-03-01' }] };

describe('board windows (pure calendar maths)', () => {
  it('labels the periods an event time falls in, in the tenant zone and week start', () => {
    // 2026-11-29T18:00Z is Monday 30 Nov 01:00 in Ho Chi Minh, still Sunday 29 Nov in New York.
    const at = Date.parse('2026-11-29T18:00:00Z');
    expect(periodsAt(['daily', 'weekly', 'monthly'], at, hcm).map((p) => p.period)).toEqual(['d2026-11-30', 'w2026-11-30', 'm2026-11']);
    expect(periodsAt(['daily', 'weekly', 'monthly'], at, ny).map((p) => p.period)).toEqual(['d2026-11-29', 'w2026-11-29', 'm2026-11']);
    expect(periodsAt(['all-time'], at, hcm)[0]!.period).toBe('all');
    expect(periodsAt(['season'], at, ny)).toEqual([]); // winter begins on 1 December
    expect(periodsAt(['season'], Date.parse('2026-12-15T12:00:00Z'), ny).map((p) => p.period)).toEqual(['swinter']);
  });

  it('gives each period id its range; refuses ids of another window or a week not starting on the week start', () => {
    expect(periodRange('weekly', 'w2026-11-29', ny)).toEqual({ from: Date.parse('2026-11-29T05:00:00Z'), to: Date.parse('2026-12-06T05:00:00Z') });
    expect(periodRange('weekly', 'w2026-11-30', ny)).toBeNull(); // a Monday, but this tenant's weeks start on Sunday
    expect(periodRange('daily', 'm2026-11', hcm)).toBeNull();
    expect(periodRange('monthly', 'm2026-02', hcm)).toEqual({ from: Date.parse('2026-01-31T17:00:00Z'), to: Date.parse('2026-02-28T17:00:00Z') });
    // All of time starts at year 1: a rebuild never drops a ledger row for its age.
    expect(periodRange('all-time', 'all', hcm)!.from).toBe(ALL_OF_TIME_FROM_MS);
    expect(new Date(ALL_OF_TIME_FROM_MS).toISOString()).toBe('0001-01-01T00:00:00.000Z');
  });

  it('lists ended periods newest first, and the current one by default (seasons: the running or latest begun)', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(endedPeriods('daily', now, hcm, 2).map((p) => p.period)).toEqual(['d2026-12-01', 'd2026-11-30']);
    expect(endedPeriods('all-time', now, hcm, 5)).toEqual([]);
    expect(currentPeriod('weekly', now, ny)).toBe('w2026-11-29');
    expect(currentPeriod('season', Date.parse('2027-04-01T00:00:00Z'), ny)).toBe('swinter');
    expect(currentPeriod('season', Date.parse('2026-11-01T00:00:00Z'), ny)).toBeNull();
  });

  it('every instant lies in the range of the period it is labelled with, across DST and any week start (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }), fc.constantFrom('Asia/Ho_Chi_Minh', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe'), fc.integer({ min: 1, max: 7 }), (at, zone, weekStart) => {
        const cal = { zone, weekStart };
        for (const p of periodsAt(['daily', 'weekly', 'monthly'], at, cal)) {
          const r = periodRange(p.window, p.period, cal)!;
          expect(r.from <= at && at < r.to).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
