import fc from 'fast-check';
import type { CanonicalEnvelope } from '@questline/contracts';
import { canonicalEnvelope } from '@questline/testing';
import { parsePack, InvalidPackError } from '../pack/parse-pack';
import { decide } from './decide';
import { MemoryRuleHistory } from './rule-history';

const event = (over: Partial<CanonicalEnvelope> = {}): CanonicalEnvelope =>
  canonicalEnvelope({ type: 'social.content.liked', payload: { content_id: 'c1', content_author_id: 'alice' }, ...over });

const pack = parsePack(`
tenant: demo
version: 1
name: Demo
timezone: Asia/Ho_Chi_Minh
schemaNamespace: demo
currencies: [{ id: xp }, { id: vocab_care_points }, { id: global_points }]
rules:
  - id: like-to-author
    on: social.content.liked
    award: { currency: xp, amount: 2, to: payload.content_author_id }
    limits: { perDay: 3 }
  - id: practice
    on: practice.session.completed
    award: { currency: vocab_care_points, amount: { expr: { "*": [{ var: "payload.axis_value" }, 2] } } }
  - id: spam
    on: moderation.spam.flagged
    award: { currency: xp, amount: -20 }
  - id: checkin
    on: app.checkin
    award: { currency: xp, amount: 10 }
    limits: { cooldownSeconds: 3600 }
boosts:
  - { id: tet, factor: 2, from: "2027-02-01T00:00:00Z", to: "2027-02-08T00:00:00Z", currencies: [xp] }
conversions:
  - { from: vocab_care_points, to: global_points, rate: 0.5 }
gates:
  leaderboard: { if: { "!==": [{ var: "payload.anti_cheat_passed" }, false] } }
`);

describe('awards: recipients, computed amounts, penalties, boosts, conversions, gates', () => {
  it('a like awards the content author, never yourself for your own content', () => {
    expect(decide(pack, event()).awards).toEqual([expect.objectContaining({ userId: 'alice', currency: 'xp', amount: 2, ruleId: 'like-to-author' })]);
    expect(decide(pack, event({ userId: 'alice' }))).toEqual({ awards: [], skipped: [{ ruleId: 'like-to-author', reason: 'self-interaction' }], marks: [] });
  });

  it("computes amounts from the payload (seed 000's axis_value) and converts them", () => {
    const d = decide(pack, event({ type: 'practice.session.completed', payload: { axis_value: 7 } }));
    expect(d.awards.map((a) => [a.currency, a.amount, a.idempotencyKey])).toEqual([
      ['vocab_care_points', 14, 'e1:practice:bob:vocab_care_points'],
      ['global_points', 7, 'e1:practice:bob:vocab_care_points>global_points'],
    ]);
    expect(decide(pack, event({ type: 'practice.session.completed', payload: {} })).skipped).toEqual([{ ruleId: 'practice', reason: 'amount expression gave no number' }]);
  });

  it('penalties are negative awards; boosts multiply positive awards in their window (event time)', () => {
    expect(decide(pack, event({ type: 'moderation.spam.flagged' })).awards[0]).toMatchObject({ amount: -20 });
    expect(decide(pack, event({ type: 'app.checkin', occurredAt: '2027-02-03T10:00:00Z' })).awards[0]).toMatchObject({ amount: 20 });
    expect(decide(pack, event({ type: 'app.checkin', occurredAt: '2027-02-08T00:00:00Z' })).awards[0]).toMatchObject({ amount: 10 });
  });

  it('gate 1: an event not passing anti-cheat is marked non-public (ledger yes, leaderboard no)', () => {
    expect(decide(pack, event({ payload: { content_author_id: 'alice', anti_cheat_passed: false } })).awards[0]).toMatchObject({ public: false });
    expect(decide(pack, event()).awards[0]!.public).toBeUndefined();
  });
});

describe('limits in event time and the tenant time zone', () => {
  const like = (n: number, occurredAt: string) => event({ id: `e${n}`, userId: `fan${n}`, occurredAt });

  it('caps per day in the tenant zone: 3 likes a day count, the 4th does not; the next local day starts over', () => {
    const h = new MemoryRuleHistory();
    // 2026-11-23 in Ho Chi Minh (UTC+7) runs from 2026-11-22T17:00Z to 2026-11-23T17:00Z.
    const times = ['2026-11-22T17:00:00Z', '2026-11-23T01:00:00Z', '2026-11-23T12:00:00Z', '2026-11-23T16:59:59Z', '2026-11-23T17:00:00Z'];
    const results = times.map((t, i) => decide(pack, like(i, t), h));
    expect(results.map((r) => r.awards.length)).toEqual([1, 1, 1, 0, 1]);
    expect(results[3]!.skipped).toEqual([{ ruleId: 'like-to-author', reason: 'cap of 3 per day reached' }]);
  });

  it('a late event counts in the day it happened, not the day it arrived', () => {
    const h = new MemoryRuleHistory([1, 2, 3].map(() => ({ userId: 'alice', ruleId: 'like-to-author', atMs: Date.parse('2026-11-23T05:00:00Z') })));
    expect(decide(pack, like(9, '2026-11-23T06:00:00Z'), h).awards).toHaveLength(0);
    expect(decide(pack, like(10, '2026-11-21T06:00:00Z'), h).awards).toHaveLength(1); // arrives late, its day had room
  });

  it("the user's own time zone wins over the tenant's when the envelope carries one", () => {
    const h = new MemoryRuleHistory([1, 2, 3].map(() => ({ userId: 'alice', ruleId: 'like-to-author', atMs: Date.parse('2026-11-23T16:00:00Z') })));
    // Three likes at 16:00Z (the 23rd in both zones); one more at 18:00Z: already the 24th in Ho Chi
    // Minh (UTC+7), still the 23rd in New York.
    expect(decide(pack, like(11, '2026-11-23T18:00:00Z'), h).awards).toHaveLength(1);
    expect(decide(pack, { ...like(12, '2026-11-23T18:00:00Z'), meta: { timezone: 'America/New_York' } }, h).awards).toHaveLength(0);
  });

  it('bounds computed amounts: negative only for a declared penalty, nothing beyond the range, never a non-finite or unsafe number', () => {
    const bounded = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
rules:
  - { id: computed, on: a.b, award: { currency: xp, amount: { expr: { var: payload.n } } } }
  - { id: fine, on: a.c, award: { currency: xp, amount: { expr: { "*": [{ var: payload.n }, -1] } }, min: -500, max: 0 } }
`);
    const amountOf = (type: string, n: unknown) => {
      const d = decide(bounded, event({ type, payload: { n } }));
      return d.awards[0]?.amount ?? d.skipped[0]?.reason;
    };
    expect(amountOf('a.b', 30)).toBe(30);
    expect(amountOf('a.b', -990)).toBe("amount -990 outside the rule's range [0, 1000000]");
    expect(amountOf('a.b', 1e308)).toMatch(/outside the rule's range/);
    expect(amountOf('a.b', 2 ** 53 + 1)).toMatch(/outside the rule's range/);
    expect(amountOf('a.b', 'NaN')).toBe('amount expression gave no number');
    expect(amountOf('a.c', 40)).toBe(-40); // a declared penalty
    expect(amountOf('a.c', 4000)).toMatch(/outside the rule's range \[-500, 0\]/);
  });

  it("weekly caps count in the pack's week (weekStart), not the ISO week", () => {
    const weekly = (weekStart: number) =>
      parsePack(`
tenant: demo
version: 1
name: Demo
timezone: America/New_York
weekStart: ${weekStart}
schemaNamespace: demo
currencies: [{ id: xp }]
rules: [{ id: w, on: app.checkin, award: { currency: xp, amount: 1 }, limits: { perWeek: 1 } }]
`);
    // Saturday 2026-10-31 and Sunday 2026-11-01 (local): one week from Monday, two from Sunday.
    const days = ['2026-10-31T15:00:00Z', '2026-11-01T15:00:00Z'];
    const awarded = (weekStart: number) => {
      const h = new MemoryRuleHistory();
      return days.map((t, i) => decide(weekly(weekStart), event({ id: `w${i}`, type: 'app.checkin', occurredAt: t }), h).awards.length);
    };
    expect(awarded(1)).toEqual([1, 0]);
    expect(awarded(7)).toEqual([1, 1]);
  });

  it('cooldown: one check-in award per hour of event time', () => {
    const h = new MemoryRuleHistory();
    const at = (t: string, n: number) => decide(pack, event({ id: `c${n}`, type: 'app.checkin', occurredAt: t }), h).awards.length;
    expect([at('2026-11-23T10:00:00Z', 1), at('2026-11-23T10:30:00Z', 2), at('2026-11-23T11:00:00Z', 3)]).toEqual([1, 0, 1]);
  });
});

describe('packs that must be refused at upload', () => {
  const base = (extra: string) => `tenant: demo\nversion: 1\nname: D\nschemaNamespace: demo\ncurrencies: [{ id: a }, { id: b }]\n${extra}`;
  const refused = (text: string) => {
    try {
      parsePack(text, 'packs/demo/pack.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidPackError);
      return (e as InvalidPackError).errors.map(({ line: _line, ...rest }) => rest); // lines: parse-pack.spec
    }
    throw new Error('accepted');
  };
  it('names the problem and where', () => {
    expect(refused(base('rules:\n  - id: r\n    on: x\n    award: { currency: a, amount: 1 \n'))[0]!.detail).toMatch(/^line \d+/);
    expect(refused(base('rules: [{ id: r, on: x, award: { currency: gold, amount: 1 } }]'))).toContainEqual({ pointer: '/rules/0/award/currency', detail: 'unknown currency "gold"' });
    expect(refused(base('rules: []\nconversions: [{ from: a, to: b, rate: 1 }, { from: b, to: a, rate: 1 }]'))).toContainEqual({ pointer: '/conversions', detail: 'cyclic conversion: a → b → a' });
    expect(refused(base('rules: [{ id: r, on: x, award: { currency: a, amount: { expr: { nope: [1] } } } }]'))).toContainEqual(expect.objectContaining({ pointer: '/rules/0/award/amount/expr' }));
    let deep: unknown = { var: 'x' };
    for (let i = 0; i < 40; i++) deep = { '+': [deep, 1] };
    expect(refused(base(`rules: [{ id: r, on: x, if: ${JSON.stringify(deep)}, award: { currency: a, amount: 1 } }]`))).toContainEqual({ pointer: '/rules/0/if', detail: 'expression nested too deeply (more than 24 levels)' });
  });
});

describe('properties of the pure core', () => {
  const types = ['social.content.liked', 'practice.session.completed', 'moderation.spam.flagged', 'app.checkin', 'other.thing'];
  const arbEvent = fc.record({
    n: fc.integer({ min: 0, max: 50 }),
    type: fc.constantFrom(...types),
    user: fc.constantFrom('bob', 'carol', 'alice'),
    author: fc.constantFrom('alice', 'dave'),
    axis: fc.integer({ min: 0, max: 100 }),
    minute: fc.integer({ min: 0, max: 60 * 24 * 3 }),
  });
  const toEvent = (e: { n: number; type: string; user: string; author: string; axis: number; minute: number }) =>
    event({ id: `ev${e.n}`, type: e.type, userId: e.user, occurredAt: new Date(Date.parse('2026-11-23T00:00:00Z') + e.minute * 60_000).toISOString(), payload: { content_author_id: e.author, axis_value: e.axis } });
  const run = (events: CanonicalEnvelope[]) => {
    const h = new MemoryRuleHistory();
    const seen = new Set<string>();
    const ledger = new Map<string, number>();
    for (const e of events) {
      if (seen.has(e.id)) continue; // the ledger's unique key: a redelivered event adds nothing
      seen.add(e.id);
      for (const a of decide(pack, e, h).awards) ledger.set(a.idempotencyKey, a.amount);
    }
    return ledger;
  };

  it('replaying the same events gives the same ledger', () => {
    fc.assert(fc.property(fc.array(arbEvent, { maxLength: 40 }), (raw) => {
      const events = raw.map(toEvent);
      expect(run(events)).toEqual(run(events));
    }));
  });

  it('an event delivered twice is counted once', () => {
    fc.assert(fc.property(fc.array(arbEvent, { minLength: 1, maxLength: 40 }), fc.nat(), (raw, pick) => {
      const events = raw.map(toEvent);
      const dup = events[pick % events.length]!;
      expect(run([...events, dup])).toEqual(run(events));
    }));
  });

  it('without caps or cooldowns the result does not depend on processing order', () => {
    const orderFree = new Set(['practice.session.completed', 'moderation.spam.flagged', 'other.thing']);
    fc.assert(fc.property(fc.array(arbEvent.filter((e) => orderFree.has(e.type)), { maxLength: 40 }), (raw) => {
      const events = [...new Map(raw.map((e) => [e.n, toEvent(e)])).values()];
      expect(run([...events].reverse())).toEqual(run(events));
    }));
  });
});
