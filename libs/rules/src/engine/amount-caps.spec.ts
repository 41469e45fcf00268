import type { CanonicalEnvelope } from '@questline/contracts';
import { canonicalEnvelope } from '@questline/testing';
import { InvalidPackError, parsePack } from '../pack/parse-pack';
import { decide, limitedRecipients } from './decide';
import { MemoryRuleHistory } from './rule-history';

const pack = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
timezone: Europe/Paris
currencies: [{ id: xp }, { id: gems }]
rules:
  - { id: answer, on: qa.answered, award: { currency: xp, amount: 7 }, limits: { amountPerDay: 20 } }
  - { id: comment, on: qa.commented, award: { currency: xp, amount: 9 } }
  # A computed amount (a constant penalty in a cap is refused at load): negative here, and never consumes the cap.
  - { id: penalty, on: qa.flagged, award: { currency: xp, amount: { expr: { "-": [0, 5] } }, min: -10 } }
  - { id: gem, on: qa.answered, award: { currency: gems, amount: 1 } }
caps:
  - { id: xp-week, currency: xp, rules: [answer, comment, penalty], perWeek: 30 }
`);

let n = 0;
const event = (type: string, at: string): CanonicalEnvelope => canonicalEnvelope({ id: `e${++n}`, type, userId: 'ann', occurredAt: at, payload: {} });
const xpOf = (d: ReturnType<typeof decide>) => d.awards.filter((a) => a.currency === 'xp').reduce((s, a) => s + a.amount, 0);

describe('amount caps', () => {
  it('pays the remainder to the award that crosses a cap, then nothing, in the pack zone', () => {
    const h = new MemoryRuleHistory();
    const day = (hour: number) => `2026-11-23T${String(hour).padStart(2, '0')}:00:00Z`; // Paris = UTC+1
    const paid = [8, 9, 10, 11].map((hh) => decide(pack, event('qa.answered', day(hh)), h));
    expect(paid.map(xpOf)).toEqual([7, 7, 6, 0]);
    expect(paid[2]!.skipped).toEqual([{ ruleId: 'answer', reason: 'paid 6 of 7: the remainder of rule answer: 20 xp per day' }]);
    expect(paid[3]!.skipped).toEqual([{ ruleId: 'answer', reason: 'amount cap reached (rule answer: 20 xp per day)' }]);
    // Other currencies are not capped: every answer still gives its gem.
    expect(paid.map((d) => d.awards.filter((a) => a.currency === 'gems').length)).toEqual([1, 1, 1, 1]);
    // The next local day (23:30 UTC is 00:30 in Paris) starts afresh.
    expect(xpOf(decide(pack, event('qa.answered', '2026-11-23T23:30:00Z'), h))).toBe(7);
  });

  it('a cap shared by several rules sums them; the smallest room of all caps over a rule wins', () => {
    const h = new MemoryRuleHistory();
    const got = ['qa.commented', 'qa.commented', 'qa.answered', 'qa.commented'].map((t, i) => xpOf(decide(pack, event(t, `2026-11-24T1${i}:00:00Z`), h)));
    expect(got).toEqual([9, 9, 7, 5]); // 30 per week across answer and comment: 9 + 9 + 7 + the remaining 5
  });

  it('penalties are never capped and never consume a cap', () => {
    const h = new MemoryRuleHistory();
    for (let i = 0; i < 3; i++) decide(pack, event('qa.commented', `2026-11-25T0${i}:00:00Z`), h); // 27 of 30
    expect(xpOf(decide(pack, event('qa.flagged', '2026-11-25T05:00:00Z'), h))).toBe(-5);
    expect(xpOf(decide(pack, event('qa.commented', '2026-11-25T06:00:00Z'), h))).toBe(3); // still 3 left, not 8
  });

  it('locks and loads every rule a shared cap sums over', () => {
    expect(limitedRecipients(pack, event('qa.commented', '2026-11-25T06:00:00Z')).map((l) => l.ruleId).sort()).toEqual(['answer', 'comment', 'penalty']);
  });

  it('refuses caps over unknown rules or rules of another currency, and a cap with no window', () => {
    const bad = (caps: string) => () =>
      parsePack(`tenant: d\nversion: 1\nname: D\nschemaNamespace: d\ncurrencies: [{ id: xp }, { id: gems }]\nrules:\n  - { id: a, on: x.y, award: { currency: gems, amount: 1 } }\ncaps:\n  ${caps}\n`);
    expect(bad('- { id: c, currency: xp, rules: [nope], perDay: 5 }')).toThrow(/\/caps\/0\/rules\/0 unknown rule "nope"/);
    expect(bad('- { id: c, currency: xp, rules: [a], perDay: 5 }')).toThrow(/\/caps\/0\/rules\/0 rule "a" awards gems, not xp/);
    expect(bad('- { id: c, currency: gems, rules: [a] }')).toThrow(InvalidPackError);
  });
});

describe("the user's time zone from a declared dimension", () => {
  const zoned = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
timezone: UTC
userTimezone: user-zone
dimensions: [{ id: user-zone, path: payload.tz }]
currencies: [{ id: xp }]
rules:
  - { id: daily, on: app.opened, award: { currency: xp, amount: 10 }, limits: { amountPerDay: 10 } }
`);
  const open = (at: string, tz?: string) => canonicalEnvelope({ id: `z${++n}`, type: 'app.opened', userId: 'ann', occurredAt: at, payload: tz ? { tz } : {} });

  it("counts days in the zone the event names (Tokyo's day starts at 15:00 UTC), else the pack's", () => {
    const h = new MemoryRuleHistory();
    // 14:00 and 16:00 UTC are two Tokyo days, one UTC day.
    expect([open('2026-11-23T14:00:00Z', 'Asia/Tokyo'), open('2026-11-23T16:00:00Z', 'Asia/Tokyo')].map((e) => xpOf(decide(zoned, e, h)))).toEqual([10, 10]);
    const u = new MemoryRuleHistory();
    expect([open('2026-11-23T14:00:00Z'), open('2026-11-23T16:00:00Z'), open('2026-11-23T17:00:00Z', 'Not/AZone')].map((e) => xpOf(decide(zoned, e, u)))).toEqual([10, 0, 0]);
  });

  it('refuses a userTimezone that is not a declared dimension', () => {
    expect(() => parsePack(`tenant: d\nversion: 1\nname: D\nschemaNamespace: d\nuserTimezone: nope\ncurrencies: [{ id: xp }]\nrules: []\n`)).toThrow(/\/userTimezone unknown dimension "nope"/);
  });
});

describe('rolling amount caps', () => {
  const rolling = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
rules:
  - { id: burst, on: app.tapped, award: { currency: xp, amount: 5 }, limits: { amountRolling: { hours: 6, max: 12 } } }
`);
  const tap = (hour: number) => canonicalEnvelope({ id: `r${++n}`, type: 'app.tapped', userId: 'ann', occurredAt: new Date(Date.UTC(2026, 10, 23, 0) + hour * 3_600_000).toISOString(), payload: {} });

  it('pays the remainder within any window of `hours`, and a late event never overfills a window already paid into', () => {
    const h = new MemoryRuleHistory();
    const paid = (hour: number) => xpOf(decide(rolling, tap(hour), h));
    expect([0, 1, 2, 3].map(paid)).toEqual([5, 5, 2, 0]); // 12 within 6 h
    expect(paid(7)).toBe(5); // (1 h, 7 h] holds the 2 paid at 2 h: room 10
    expect(paid(2.5)).toBe(0); // late, and (-3.5 h, 2.5 h] is full
  });

  it('a late award is limited by the later windows it falls into, not only the one ending at it', () => {
    const h = new MemoryRuleHistory();
    const paid = (hour: number) => xpOf(decide(rolling, tap(hour), h));
    expect([10, 11].map(paid)).toEqual([5, 5]);
    // 6 h is late: (0, 6] is empty, but (5, 11] already holds 10, so only 2 fit.
    expect(paid(6)).toBe(2);
  });
});
