import fc from 'fast-check';
import { addDays, consecutiveRuns, daysBetween, isDay, localDay } from './days';

describe('analytics days', () => {
  it('knows a calendar day', () => {
    expect(['2026-02-28', '2024-02-29', '1970-01-01'].every(isDay)).toBe(true);
    expect(['2026-02-31', '2026-13-01', '0000-01-01', '2026-2-1', '2026-02-28T00:00:00Z', ''].some(isDay)).toBe(false);
  });

  it('gives the local day of an instant in any zone, across the date line and DST', () => {
    const at = new Date('2026-03-08T06:30:00Z'); // New York switches to DST that morning
    expect(localDay(at, 'America/New_York')).toBe('2026-03-08');
    expect(localDay(at, 'Pacific/Pago_Pago')).toBe('2026-03-07'); // UTC−11
    expect(localDay(at, 'Pacific/Kiritimati')).toBe('2026-03-08'); // UTC+14
    expect(localDay(new Date('2026-03-08T10:30:00Z'), 'Pacific/Kiritimati')).toBe('2026-03-09');
  });

  it('splits changed days into runs of consecutive days, bounded, covering each day once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), fc.integer({ min: 1, max: 10 }), (offsets, size) => {
        const days = offsets.map((o) => addDays('2026-01-01', o));
        const runs = consecutiveRuns(days, size);
        expect(runs.flat()).toEqual([...new Set(days)].sort());
        for (const run of runs) {
          expect(run.length).toBeLessThanOrEqual(size);
          expect(run).toEqual(daysBetween(run[0]!, run[run.length - 1]!));
        }
      }),
    );
  });
});
