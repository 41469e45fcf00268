import { diffTotals, hotEvents, hotOracle, weekId, type HotSettings } from './hot-workload';

const settings: HotSettings = {
  events: 2_000,
  users: 10,
  days: 7,
  amount: 10,
  cap: 20,
  resend: 0.05,
  zone: 'Asia/Ho_Chi_Minh',
  weekStart: 1,
  endMs: Date.parse('2026-11-25T12:00:00Z'),
  seed: 7,
};

describe('hot workload and its oracle', () => {
  it('is deterministic, skewed, and re-sends some events later with the same key', () => {
    const a = hotEvents(settings, 'r');
    expect(hotEvents(settings, 'r')).toEqual(a);
    const unique = new Set(a.map((e) => e.key));
    expect(unique.size).toBe(settings.events);
    expect(a.length - unique.size).toBeGreaterThan(50);
    const byUser = new Map<string, number>();
    for (const e of a) byUser.set(e.user, (byUser.get(e.user) ?? 0) + 1);
    expect(byUser.get('r-u00')!).toBeGreaterThan(4 * byUser.get('r-u09')!);
  });

  it('pays min(events, cap) per user and local day, counting a re-send once', () => {
    const day = (iso: string) => Date.parse(iso);
    const sent = [
      { key: 'a', user: 'x', atMs: day('2026-11-23T16:59:00Z') }, // 23:59 on the 23rd in Ho Chi Minh
      { key: 'b', user: 'x', atMs: day('2026-11-23T17:00:00Z') }, // 00:00 on the 24th
      { key: 'a', user: 'x', atMs: day('2026-11-23T16:59:00Z') },
      ...Array.from({ length: 30 }, (_, i) => ({ key: `c${i}`, user: 'y', atMs: day('2026-11-24T05:00:00Z') })),
    ];
    const o = hotOracle(settings, sent);
    expect(o.total).toEqual(new Map([['x', 20], ['y', 200]]));
    expect(weekId(day('2026-11-22T16:59:00Z'), settings.zone, 1)).toBe('w2026-11-16'); // Sunday 23:59 local
    expect(weekId(day('2026-11-22T17:00:00Z'), settings.zone, 1)).toBe('w2026-11-23'); // Monday 00:00 local
    expect(diffTotals('all-time', o.total, new Map([['x', 20], ['y', 190]]))).toEqual(['all-time: y has 190, expected 200 (-10)']);
  });
});
