import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { Topics, type CanonicalEnvelope } from '@questline/contracts';
import { createLogger } from '@questline/platform';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { parsePack, type Pack, type PackCatalog } from '@questline/rules';
import { infraEnv, RecordingBus, uniqueId } from '@questline/testing';
import { PgDecisionStore } from '../../infrastructure/pg-decision.store';
import { ScoreEventsUseCase } from './score-events.usecase';
import { capTotals, rollingOverflows, ORDER_FREE, REF_WEEK_START, REF_ZONE, referenceAwards, totals, totalsPeriod, type RefAward, type RefEvent } from './scoring.reference';

jest.setTimeout(240_000);

/**
 * Decisions are a function of the stream, never of how it is batched, redelivered or processed
 * by two consumers at once; and for count caps, amount caps (per period totals), missions, quests,
 * counters and conversions, not of the arrival order either. The real use case and the real Postgres decision store, against a
 * plain reference model (scoring.reference.ts), for streams of a few hot users over two, four or fourteen days
 * around a DST change, arriving up to 48 h late.
 */
const packYaml = (tenant: string) => `
tenant: ${tenant}
version: 1
name: Property
schemaNamespace: prop
timezone: ${REF_ZONE}
weekStart: ${REF_WEEK_START}
currencies: [{ id: xp }, { id: coins }, { id: tokens }, { id: gems }]
conversions: [{ from: coins, to: tokens, rate: 0.5 }]
rules:
  - { id: daily, on: act.done, award: { currency: xp, amount: 10 }, limits: { perDay: 3 } }
  - { id: weekly, on: act.done, award: { currency: coins, amount: 5 }, limits: { perWeek: 4 } }
  - { id: monthly, on: act.bonus, award: { currency: xp, amount: 7 }, limits: { perMonth: 2 } }
  - { id: dayweek, on: act.bonus, award: { currency: gems, amount: 3 }, limits: { perDay: 2, perWeek: 3 } }
  - { id: gift, on: act.gift, award: { currency: xp, amount: 2, to: payload.to }, limits: { perDay: 2 } }
  - { id: cool, on: act.ping, award: { currency: xp, amount: 1 }, limits: { cooldownSeconds: 7200 } }
  - { id: plain, on: act.ping, award: { currency: gems, amount: 1 } }
  - { id: capped, on: act.done, award: { currency: xp, amount: 7 }, limits: { amountPerDay: 20 } }
  - { id: shared, on: act.bonus, award: { currency: xp, amount: 9 } }
  - { id: first-gift, on: act.gift, award: { currency: gems, amount: 11, to: payload.to }, oncePer: { key: [subject] } }
  - { id: hello, on: act.ping, award: { currency: coins, amount: 4 }, oncePer: { key: [subject], per: day } }
  - { id: burst, on: act.ping, award: { currency: gems, amount: 5 }, limits: { amountRolling: { hours: 6, max: 12 } } }
  - { id: loyal, on: act.ping, if: { ">=": [{ var: user.metrics.days-active }, 2] }, award: { currency: xp, amount: 3 } }
  - { id: veteran, on: act.bonus, if: { ">=": [{ var: user.level }, 2] }, award: { currency: gems, amount: 2 } }
  - { id: regular-bonus, on: act.bonus, if: { in: [regular, { var: user.badges }] }, award: { currency: gems, amount: 1 } }
levels: { currency: xp, thresholds: [0, 60, 150] }
achievements:
  - { id: regular, name: Regular, when: { metric: days-active, atLeast: 3 } }
caps:
  - { id: xp-week, currency: xp, rules: [capped, shared], perWeek: 40 }
streaks:
  - id: daily
    name: Daily
    on: act.done
    period: day
    milestones: [{ length: 2, reward: { currency: xp, amount: 30 } }, { length: 4, reward: { currency: xp, amount: 40 } }]
missions:
  perDay: 2
  pool:
    - { id: doer, name: Doer, steps: [{ id: d, on: act.done, target: 2 }], reward: { currency: gems, amount: 20 } }
    - { id: pinger, name: Pinger, steps: [{ id: p, on: act.ping, target: 3 }], reward: { currency: coins, amount: 6 } }
quests:
  - id: weekly-quest
    name: Weekly quest
    repeat: week
    steps: [{ id: a, on: act.done, target: 3 }, { id: b, on: act.bonus, target: 1 }]
    reward: { currency: xp, amount: 45 }
  - { id: pair-week, name: Two bonuses in a week, repeat: week, steps: [{ id: m, metric: bonus-week, target: 2 }], reward: { currency: gems, amount: 6 } }
metrics:
  - { id: days-active, name: Days active, kind: distinct, on: act.done, value: day, milestones: [{ at: 3, reward: { currency: xp, amount: 15 } }] }
  - { id: bonus-week, name: Bonuses this week, kind: count, on: act.bonus, per: week, milestones: [{ at: 2, reward: { currency: gems, amount: 5 } }] }
leaderboards:
  - { id: active, metric: days-active }
counters:
  - id: acts
    name: Acts
    steps: [{ on: act.done, by: 1 }]
    milestones: [{ at: 5, reward: { currency: xp, amount: 50 } }, { at: 12, reward: { currency: coins, amount: 8 } }]
`;

const USERS = ['ann', 'ben', 'cat'];
/** 2026-10-29 00:00 New York: the stream spans the end of DST (Sunday 2026-11-01) and a month boundary. */
const START_MS = Date.parse('2026-10-29T04:00:00Z');
const HOUR = 3600_000;
const NS = '6f1c2a52-5f0e-4d0c-9d6b-8d1a3e5b7c11';

/** One generated event: who, what, when (in the span), how late it arrives (hours). */
const eventArb = fc.record({
  user: fc.nat({ max: USERS.length - 1 }),
  type: fc.constantFrom<RefEvent['type']>('act.done', 'act.done', 'act.done', 'act.bonus', 'act.ping', 'act.gift'),
  to: fc.nat({ max: USERS.length - 1 }),
  /** Where in the stream's span (2, 4 or 14 days) it happened, in millionths (integers: fc.double clusters near 0). */
  at: fc.integer({ min: 0, max: 999_999 }),
  lateMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 48 * 60 })),
});

/**
 * How a consumer reads the stream: batches of random sizes, each committed or not (commits may
 * lag); after a batch, a crash (the next consumer starts again at the last committed offset, with
 * other batch sizes), or a second consumer handed the same batch at the same time (a rebalance).
 */
const stepArb = fc.record({ size: fc.integer({ min: 1, max: 25 }), crash: fc.boolean(), lazy: fc.boolean(), twice: fc.boolean() });
type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;
const planArb = fc.array(stepArb, { minLength: 1, maxLength: 40 });

/** Arrival order: by event time plus lateness (at most 48 h); ties in generation order. */
function arrivalOrder(events: { hour: number; lateHours: number }[], order: number[]): number[] {
  return [...order].sort((a, b) => events[a]!.hour + events[a]!.lateHours - (events[b]!.hour + events[b]!.lateHours) || a - b);
}

/** The deliveries of a plan over `n` messages, as [from, to) ranges of the arrival order. */
function deliveries(n: number, plan: Step[]): { from: number; to: number; twice: boolean }[] {
  const out: { from: number; to: number; twice: boolean }[] = [];
  let pos = 0;
  let committed = 0;
  let crashesInRow = 0;
  for (let i = 0; pos < n; i++) {
    const step = plan[i % plan.length]!;
    const to = Math.min(n, pos + step.size);
    out.push({ from: pos, to, twice: step.twice });
    pos = to;
    if (step.crash && crashesInRow < 2) {
      pos = committed; // redelivered from the last commit
      crashesInRow++;
    } else {
      // The batch after a crash commits (at most two crashes in a row), so the stream moves on.
      if (!step.lazy || crashesInRow > 0 || pos === n) committed = pos;
      crashesInRow = 0;
    }
  }
  return out;
}

describe('ScoreEventsUseCase: decisions independent of batching, redelivery and arrival order (property, real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  const packs = new Map<string, Pack>();
  const catalog: PackCatalog = { get: (t) => packs.get(t), tenants: () => [...packs.keys()] };
  const bus = new RecordingBus();
  let usecase: ScoreEventsUseCase;

  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 8 }));
    usecase = new ScoreEventsUseCase(catalog, new PgDecisionStore(pool), bus, createLogger('property-test', 'silent'), pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  const newTenant = () => {
    const tenant = uniqueId('prop');
    packs.set(tenant, parsePack(packYaml(tenant)));
    return tenant;
  };

  const envelope = (tenant: string, e: RefEvent): CanonicalEnvelope =>
    ({
      id: e.id,
      type: e.type,
      schemaVersion: 1,
      tenantId: tenant,
      userId: e.user,
      occurredAt: new Date(e.atMs).toISOString(),
      receivedAt: new Date(e.atMs).toISOString(),
      source: 'property',
      idempotencyKey: e.id,
      payload: e.type === 'act.gift' ? { to: e.to } : {},
      meta: {},
    }) as CanonicalEnvelope;

  /** Feeds the arrival-ordered stream to the use case as `plan` says; returns what it published, per award key. */
  async function run(tenant: string, stream: RefEvent[], plan: Step[]): Promise<Map<string, RefAward & { key: string }>> {
    for (const d of deliveries(stream.length, plan)) {
      const batch = stream.slice(d.from, d.to).map((e) => envelope(tenant, e));
      await (d.twice ? Promise.all([usecase.execute(batch), usecase.execute(batch)]) : usecase.execute(batch));
    }
    const byKey = new Map<string, RefAward & { key: string }>();
    for (const m of bus.values(Topics.EventScored, (v) => v.event.tenantId === tenant)) {
      for (const a of m.awards) {
        const award = { key: a.idempotencyKey, userId: a.userId, ruleId: a.ruleId, currency: a.currency, amount: a.amount, atMs: Date.parse(m.event.occurredAt) };
        const before = byKey.get(a.idempotencyKey);
        // A redelivered event is published again with the very same decision.
        if (before) expect(before).toEqual(award);
        byKey.set(a.idempotencyKey, award);
      }
    }
    return byKey;
  }

  const asObject = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));

  it('same ledger for any batching, redelivery and concurrent consumers; totals equal the reference model; order-free totals equal under any arrival order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 90, size: "max" }),
        fc.constantFrom(2, 4, 14),
        planArb,
        planArb,
        fc.array(fc.integer({ min: 0, max: 48 * 60 })),
        async (drawn, spanDays, planA, planB, otherLateness) => {
          const generated = drawn.map((g) => ({ ...g, hour: (g.at / 1e6) * spanDays * 24, lateHours: g.lateMinutes / 60 }));
          const events: RefEvent[] = generated.map((g, i) => ({
            id: uuidv5(`${i}`, NS),
            user: USERS[g.user]!,
            type: g.type,
            ...(g.type === 'act.gift' ? { to: USERS[g.to]! } : {}),
            atMs: START_MS + Math.round(g.hour * HOUR),
          }));
          const indexes = events.map((_, i) => i);
          const stream = arrivalOrder(generated, indexes).map((i) => events[i]!);
          // The same events arriving in another order (other lateness, still at most 48 h).
          const other = arrivalOrder(generated.map((g, i) => ({ ...g, lateHours: (otherLateness[i] ?? 0) / 60 })), indexes).map((i) => events[i]!);

          const [a, b, c] = [newTenant(), newTenant(), newTenant()];
          const ledgerA = await run(a, stream, planA);
          const ledgerB = await run(b, stream, planB);
          const ledgerC = await run(c, other, planB);

          // 1. The same ledger (award keys and amounts) however the stream was cut and redelivered.
          expect([...ledgerB.values()].sort((x, y) => x.key.localeCompare(y.key))).toEqual([...ledgerA.values()].sort((x, y) => x.key.localeCompare(y.key)));
          // 2. Totals per (user, rule, currency, period) equal the reference model's.
          const reference = referenceAwards(stream);
          expect(asObject(totals([...ledgerA.values()]))).toEqual(asObject(totals(reference)));
          // 2b. A rolling cap holds in every window, in any arrival order.
          for (const ledger of [ledgerA, ledgerC]) expect(rollingOverflows([...ledger.values()])).toEqual([]);
          // 3. In another arrival order, the order-free constructs come to the same totals: an amount
          //    cap's period total is min(sum, cap) whoever got the remainder.
          expect(asObject(totals([...ledgerC.values()], ORDER_FREE))).toEqual(asObject(totals(reference, ORDER_FREE)));
          expect(asObject(capTotals([...ledgerC.values()]))).toEqual(asObject(capTotals(reference)));
          expect(asObject(totals(referenceAwards(other)))).toEqual(asObject(totals([...ledgerC.values()])));
          bus.clear();
          for (const t of [a, b, c]) packs.delete(t);
        },
      ),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 40) },
    );
  });

  it('the reference model itself: periods in the tenant zone and week start', () => {
    // Saturday 2026-10-31 23:30 in New York is still week 2026-10-25 (weeks start on Sunday); an hour later it is the next week.
    expect(totalsPeriod('weekly', Date.parse('2026-11-01T03:30:00Z'))).toBe('week:2026-10-25');
    expect(totalsPeriod('weekly', Date.parse('2026-11-01T04:30:00Z'))).toBe('week:2026-11-01');
    expect(totalsPeriod('daily', Date.parse('2026-11-02T04:30:00Z'))).toBe('day:2026-11-01'); // EST after the change: UTC-5
    expect(totalsPeriod('monthly', Date.parse('2026-11-01T03:59:00Z'))).toBe('month:2026-10-01');
  });
});
