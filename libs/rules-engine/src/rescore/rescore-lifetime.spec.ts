import fc from 'fast-check';
import { Topics, type CanonicalEnvelope, type EventScoredMessage } from '@questline/contracts';
import type { MessageBus } from '@questline/messaging';
import type { AuditLog } from '@questline/persistence';
import type { SchemaRegistry } from '@questline/schema-registry';
import { parsePack, type PackCatalog, type ProgressEntry } from '@questline/rules';
import { canonicalEnvelope, RecordingBus } from '@questline/testing';
import type { EventCursor, RescoreSource } from '../domain/rescore.source';
import { bookingMove, RescoreService } from './rescore.service';

// Lessons pay `amount` each, at most 20 xp per user per day: when the amount changes, capped days
// move credit between events (+ here, − there) as well as gaining or losing some.
const pack = (amount: number, version = 2, achievements = '') =>
  parsePack(`
tenant: lingo
version: ${version}
name: Lingo
timezone: UTC
schemaNamespace: lingo
currencies: [{ id: xp }]
rules:
  - id: lesson
    on: lesson.completed
    award: { currency: xp, amount: ${amount} }
    limits: { amountPerDay: 20 }
${achievements}
levels: { currency: xp, thresholds: [0, 50, 100, 200, 400] }
`);

/**
 * The stored events and a ledger: what it holds per event (per user|currency, with how many
 * entries), the corrections applied so far, and each user's balance. `apply` books a run's
 * corrections the way points does (a key already in the ledger books nothing).
 */
class MemorySource implements RescoreSource {
  readonly corrections = new Map<string, { net: number; lifetime: number }>();
  private readonly keys = new Set<string>();
  constructor(
    private readonly events: CanonicalEnvelope[],
    private readonly held: Map<string, Map<string, { total: number; asked?: number; entries: number }>>,
    readonly balances: Map<string, { lifetime: number; net: number }>,
    readonly revoked = new Set<string>(),
  ) {}

  apply(awards: { userId: string; currency: string; amount: number; requested?: number; lifetime?: number; idempotencyKey: string }[], eventOf: (key: string) => string): number {
    let booked = 0;
    for (const a of awards) {
      if (this.keys.has(a.idempotencyKey)) continue;
      this.keys.add(a.idempotencyKey);
      booked++;
      const k = `${a.userId}\u001f${a.currency}`;
      const perEvent = this.held.get(eventOf(a.idempotencyKey)) ?? new Map();
      const h = perEvent.get(k) ?? { total: 0, entries: 0 };
      perEvent.set(k, { total: h.total + a.amount, asked: (h.asked ?? h.total) + (a.requested ?? a.amount), entries: h.entries + 1 });
      this.held.set(eventOf(a.idempotencyKey), perEvent);
      const c = this.corrections.get(k) ?? { net: 0, lifetime: 0 };
      const credit = Math.min(a.lifetime ?? Math.max(a.amount, 0), Math.max(a.amount, 0));
      this.corrections.set(k, { net: c.net + a.amount, lifetime: c.lifetime + credit });
      const b = this.balances.get(k) ?? { lifetime: 0, net: 0 };
      this.balances.set(k, { lifetime: b.lifetime + credit, net: b.net + a.amount });
    }
    return booked;
  }

  async processedEvents(_t: string, from: Date, to: Date, cursor: EventCursor | undefined, limit: number) {
    const inRange = this.events.filter((e) => Date.parse(e.occurredAt) >= from.getTime() && Date.parse(e.occurredAt) < to.getTime());
    const start = cursor ? inRange.findIndex((e) => e.id === cursor.id) + 1 : 0;
    const events = inRange.slice(start, start + limit);
    const last = events.at(-1);
    return { events, ...(last ? { cursor: { occurredAt: last.occurredAt, arrival: '0', id: last.id } } : {}) };
  }
  async ledgerByEvent(_t: string, ids: string[]) {
    return new Map(ids.filter((id) => this.held.has(id)).map((id) => [id, new Map([...this.held.get(id)!].map(([k, h]) => [k, { ...h, asked: h.asked ?? h.total }]))]));
  }
  async bookedScopes() {
    return new Map();
  }
  async progressLedger() {
    return [];
  }
  async storedProgress(): Promise<ProgressEntry[]> {
    return [];
  }
  async priorCorrections() {
    return new Map(this.corrections);
  }
  async standing() {
    return { balances: new Map(this.balances), unlocked: new Set<string>(), revoked: new Set(this.revoked) };
  }
  // One run at a time here; the corrections are booked by the test after each run (`apply`).
  async acquireLease() {
    return { held: true as const };
  }
  async renewLease() {}
  async eventsToReverse() {
    return [];
  }
  async recordReversals() {}
  async releaseApplications() {
    return 0;
  }
  async holdings() {
    return [];
  }
  async erased() {
    return new Set<string>();
  }
  async releaseLease() {}
  async landed(_t: string, keys: string[]) {
    return keys.filter((k) => this.keys.has(k));
  }
}

const config = { RESCORE_LEASE_MS: 1_000, RESCORE_SETTLE_MS: 0 };

const users = ['ann', 'ben', 'cy'];
const lesson = fc.record({ user: fc.constantFrom(...users), day: fc.integer({ min: 1, max: 3 }), minute: fc.integer({ min: 0, max: 1_000 }), held: fc.integer({ min: -5, max: 20 }) });
const thresholds = [0, 50, 100, 200, 400];
const level = (lifetime: number) => thresholds.filter((t) => lifetime >= t).length;

describe('re-scoring raises lifetime by what runs add above the highest corrected earnings so far, never by credit that moved', () => {
  it('property: over a sequence of runs (amounts changing back and forth, a rollback repeating a version), lifetime added equals the peak of the cumulative corrections; every correction is booked; the dry run predicts each run', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lesson, { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 4 }), async (lessons, amounts) => {
        const events = lessons
          .map((l, i) => canonicalEnvelope({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'lesson.completed', userId: l.user, occurredAt: new Date(Date.UTC(2026, 10, l.day, 0, l.minute, i % 60)).toISOString(), payload: {} }))
          .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
        const held = new Map(events.map((e) => [e.id, new Map([[`${e.userId}\u001fxp`, { total: lessons[Number(e.id.slice(-12))]!.held, entries: 1 }]])]));
        const heldSum = new Map<string, number>();
        for (const e of events) heldSum.set(e.userId, (heldSum.get(e.userId) ?? 0) + held.get(e.id)!.get(`${e.userId}\u001fxp`)!.total);
        const start = new Map(users.map((u) => [`${u}\u001fxp`, { lifetime: Math.max(0, heldSum.get(u) ?? 0) + 30, net: (heldSum.get(u) ?? 0) + 30 }]));
        const source = new MemorySource(events, held, new Map([...start].map(([k, v]) => [k, { ...v }])));
        const range = { from: new Date(Date.UTC(2026, 10, 1)), to: new Date(Date.UTC(2026, 10, 4)) };
        const who = { keyId: 'root' } as never;
        // The reference: per user, the running sum of every correction and its highest point.
        const cumulative = new Map<string, number>();
        const peak = new Map<string, number>();
        // Amounts change back and forth; the last run repeats the first's pack version (a rollback).
        const versions = amounts.map((a, i) => ({ amount: a, version: i === amounts.length - 1 && i > 0 ? 2 : i + 2 }));
        for (const { amount, version } of versions) {
          const active = pack(amount, version);
          const service = (bus: MessageBus) =>
            new RescoreService({ get: () => active } as unknown as PackCatalog, source, { record: async () => undefined } as unknown as AuditLog, bus, { namespace: () => undefined } as unknown as SchemaRegistry, config);
          const dry = await service(new RecordingBus()).run('lingo', { ...range, dryRun: true }, who);
          const bus = new RecordingBus();
          const applied = await service(bus).run('lingo', { ...range, dryRun: false }, who);
          const scored = bus.values(Topics.EventScored);
          const awards = scored.flatMap((m: EventScoredMessage) => m.awards);
          expect(awards.length).toBe(applied.compensations);
          const eventOf = new Map(scored.flatMap((m: EventScoredMessage) => m.awards.map((a) => [a.idempotencyKey, m.event.id] as const)));
          // Every correction has a key the ledger has not seen: none is dropped as a duplicate.
          expect(source.apply(awards, (k) => eventOf.get(k)!)).toBe(awards.length);
          expect(applied.levels).toEqual(dry.levels);
          for (const u of users) {
            const k = `${u}\u001fxp`;
            const mine = awards.filter((a) => a.userId === u);
            for (const a of mine) expect(a.lifetime).toBeGreaterThanOrEqual(0);
            for (const a of mine) expect(a.lifetime).toBeLessThanOrEqual(Math.max(0, a.amount));
            cumulative.set(k, (cumulative.get(k) ?? 0) + mine.reduce((s, a) => s + a.amount, 0));
            peak.set(k, Math.max(peak.get(k) ?? 0, cumulative.get(k)!));
            expect(source.balances.get(k)!.lifetime - start.get(k)!.lifetime).toBe(peak.get(k));
            expect(source.balances.get(k)!.net - start.get(k)!.net).toBe(cumulative.get(k));
            // The dry run said which level the user would be at.
            const predicted = dry.levels.find((l) => l.userId === u);
            if (predicted) expect(predicted.after).toBe(level(source.balances.get(k)!.lifetime));
          }
        }
        // Once converged, a run under the last version changes nothing.
        const last = versions.at(-1)!;
        const again = await new RescoreService({ get: () => pack(last.amount, last.version) } as unknown as PackCatalog, source, { record: async () => undefined } as unknown as AuditLog, new RecordingBus(), { namespace: () => undefined } as unknown as SchemaRegistry, config).run('lingo', { ...range, dryRun: true }, who);
        expect(again.compensations).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the dry run plans badges as the achievements service would grant them', () => {
  it('does not plan to unlock a badge an admin revoked (the revocation stands), and does plan it for a user who never had it revoked', async () => {
    const withBadge = pack(15, 2, 'achievements:\n  - { id: xp-50, name: Fifty, when: { currency: xp, lifetimeAtLeast: 50 } }');
    const at = (i: number) => new Date(Date.UTC(2026, 10, 1 + i, 10)).toISOString();
    const events = ['eve', 'eve', 'eve', 'ann', 'ann', 'ann'].map((u, i) => canonicalEnvelope({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'lesson.completed', userId: u, occurredAt: at(i % 3), payload: {} }));
    // Each lesson paid 10 live; at 15 (capped at 20 a day) each user gains 5 × 3 = 15: lifetime 30 + 15 + 10 = 55.
    const held = new Map(events.map((e) => [e.id, new Map([[`${e.userId}\u001fxp`, { total: 10, entries: 1 }]])]));
    const balances = new Map([
      ['eve\u001fxp', { lifetime: 40, net: 40 }],
      ['ann\u001fxp', { lifetime: 40, net: 40 }],
    ]);
    const source = new MemorySource(events, held, balances, new Set(['eve\u001fxp-50']));
    const service = new RescoreService({ get: () => withBadge } as unknown as PackCatalog, source, { record: async () => undefined } as unknown as AuditLog, new RecordingBus(), { namespace: () => undefined } as unknown as SchemaRegistry, config);
    const dry = await service.run('lingo', { from: new Date(Date.UTC(2026, 10, 1)), to: new Date(Date.UTC(2026, 10, 4)), dryRun: true }, { keyId: 'root' } as never);
    expect(dry.totals).toEqual({ xp: { gained: 30, lost: 0, usersAffected: 2 } });
    expect(dry.badges).toEqual([{ userId: 'ann', achievementId: 'xp-50', change: 'unlock' }]);
  });
});

describe('re-scoring under a currency floor compares the rules with what they asked', () => {
  it('an unchanged penalty corrects nothing; a changed one moves each booking to the new ask and records the change in the ask; the next run finds nothing', async () => {
    const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 10, i)).toISOString();
    const events = [0, 1, 2].map((i) => canonicalEnvelope({ id: `00000000-0000-4000-8000-00000000000${i}`, type: 'lesson.completed', userId: 'ann', occurredAt: at(i), payload: {} }));
    // Penalties of 7: the first held at 3, the second entirely, the third booked in full.
    const held = new Map([
      [events[0]!.id, new Map([['ann\u001fxp', { total: -3, asked: -7, entries: 1 }]])],
      [events[1]!.id, new Map([['ann\u001fxp', { total: 0, asked: -7, entries: 1 }]])],
      [events[2]!.id, new Map([['ann\u001fxp', { total: -7, asked: -7, entries: 1 }]])],
    ]);
    const source = new MemorySource(events, held, new Map([['ann\u001fxp', { lifetime: 20, net: 1 }]]));
    const range = { from: new Date(Date.UTC(2026, 10, 1)), to: new Date(Date.UTC(2026, 10, 2)) };
    const run = async (amount: number, version: number, dryRun: boolean) => {
      const bus = new RecordingBus();
      const result = await new RescoreService({ get: () => pack(amount, version) } as unknown as PackCatalog, source, { record: async () => undefined } as unknown as AuditLog, bus, { namespace: () => undefined } as unknown as SchemaRegistry, config).run('lingo', { ...range, dryRun }, { keyId: 'root' } as never);
      return { result, awards: bus.values(Topics.EventScored).flatMap((m: EventScoredMessage) => m.awards.map((a) => ({ event: m.event.id, ...a }))) };
    };
    expect((await run(-7, 2, true)).result).toMatchObject({ compensations: 0, diff: [] });
    const milder = await run(-1, 3, false);
    // The first goes to the milder ask (-1, +2, the change in the ask +6); the second had no room
    // then and still takes nothing; the third, booked in full, goes to -1 (+6).
    expect(milder.awards.map((a) => [a.event.slice(-1), a.amount, a.requested])).toEqual([
      ['0', 2, 6],
      ['2', 6, undefined],
    ]);
    // The dry run's diff is what the corrections move (before the floor holds any of it again).
    expect(milder.result.diff).toEqual([{ userId: 'ann', currency: 'xp', before: -10, after: -2, delta: 8 }]);
    source.apply(milder.awards, (k) => milder.awards.find((a) => a.idempotencyKey === k)!.event);
    expect((await run(-1, 3, true)).result).toMatchObject({ compensations: 0, diff: [] });
  });
});

describe('bookingMove: how far a correction moves a booking a floor may have held', () => {
  it('property: an ask not held moves to the new ask; a held one never below what it took; a milder ask never lowers a booking, a stricter one never raises it', () => {
    fc.assert(
      // `heldBack`: what the floor kept from the event's debits (a booking above its ask; a credit
      // and a held correction can leave it above 0).
      fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: -50, max: 50 }), (asked, heldBack, now) => {
        const booked = asked + heldBack;
        const move = bookingMove(booked, asked, now);
        if (now === asked) expect(move).toBe(0);
        else if (booked === asked) expect(move).toBe(now - asked);
        else expect(booked + move).toBe(Math.max(now, booked));
        if (now > asked) expect(move).toBeGreaterThanOrEqual(0);
        if (now < asked) expect(move).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2_000 },
    );
  });
});
