import fc from 'fast-check';
import { Topics, type CanonicalEnvelope, type EventScoredMessage } from '@questline/contracts';
import type { MessageBus } from '@questline/messaging';
import type { AuditLog } from '@questline/persistence';
import type { SchemaRegistry } from '@questline/schema-registry';
import { parsePack, type PackCatalog, type ProgressEntry } from '@questline/rules';
import { canonicalEnvelope, RecordingBus } from '@questline/testing';
import type { EventCursor, RescoreSource } from '../domain/rescore.source';
import { RescoreService } from './rescore.service';

// Lessons pay `amount` each, at most 20 xp per user per day: when the amount changes, capped days
// move credit between events (+ here, − there) as well as gaining or losing some.
const pack = (amount: number) =>
  parsePack(`
tenant: lingo
version: 2
name: Lingo
timezone: UTC
schemaNamespace: lingo
currencies: [{ id: xp }]
rules:
  - id: lesson
    on: lesson.completed
    award: { currency: xp, amount: ${amount} }
    limits: { amountPerDay: 20 }
levels: { currency: xp, thresholds: [0, 50, 100, 200, 400] }
`);

/** The stored events, what the ledger holds for each (per user|currency), and each user's balance. */
class MemorySource implements RescoreSource {
  constructor(
    private readonly events: CanonicalEnvelope[],
    private readonly held: Map<string, Map<string, number>>,
    private readonly balances: Map<string, { lifetime: number; net: number }>,
  ) {}

  async processedEvents(_t: string, from: Date, to: Date, cursor: EventCursor | undefined, limit: number) {
    const inRange = this.events.filter((e) => Date.parse(e.occurredAt) >= from.getTime() && Date.parse(e.occurredAt) < to.getTime());
    const start = cursor ? inRange.findIndex((e) => e.id === cursor.id) + 1 : 0;
    const events = inRange.slice(start, start + limit);
    const last = events.at(-1);
    return { events, ...(last ? { cursor: { occurredAt: last.occurredAt, arrival: '0', id: last.id } } : {}) };
  }
  async ledgerByEvent(_t: string, ids: string[]) {
    return new Map(ids.filter((id) => this.held.has(id)).map((id) => [id, this.held.get(id)!]));
  }
  async progressLedger() {
    return [];
  }
  async storedProgress(): Promise<ProgressEntry[]> {
    return [];
  }
  async standing() {
    return { balances: this.balances, unlocked: new Set<string>() };
  }
}

const users = ['ann', 'ben', 'cy'];
const lesson = fc.record({ user: fc.constantFrom(...users), day: fc.integer({ min: 1, max: 3 }), minute: fc.integer({ min: 0, max: 1_000 }), held: fc.integer({ min: -5, max: 20 }) });

describe('re-scoring raises lifetime by each run’s net gain, never by credit that only moved', () => {
  it('property: per user, the corrections’ lifetime shares sum to max(0, net change); each share is within its credit; the dry run’s levels agree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lesson, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 15 }), async (lessons, amount) => {
        const events = lessons
          .map((l, i) => canonicalEnvelope({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'lesson.completed', userId: l.user, occurredAt: new Date(Date.UTC(2026, 10, l.day, 0, l.minute, i % 60)).toISOString(), payload: {} }))
          .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
        const held = new Map(events.map((e) => [e.id, new Map([[`${e.userId}|xp`, lessons[Number(e.id.slice(-12))]!.held]])]));
        const heldSum = new Map<string, number>();
        for (const e of events) heldSum.set(e.userId, (heldSum.get(e.userId) ?? 0) + held.get(e.id)!.get(`${e.userId}|xp`)!);
        const balances = new Map(users.map((u) => [`${u}|xp`, { lifetime: Math.max(0, heldSum.get(u) ?? 0) + 30, net: (heldSum.get(u) ?? 0) + 30 }]));
        const active = pack(amount);
        const service = (bus: MessageBus) =>
          new RescoreService(
            { get: () => active } as unknown as PackCatalog,
            new MemorySource(events, held, balances),
            { record: async () => undefined } as unknown as AuditLog,
            bus,
            { namespace: () => undefined } as unknown as SchemaRegistry,
          );
        const range = { from: new Date(Date.UTC(2026, 10, 1)), to: new Date(Date.UTC(2026, 10, 4)) };
        const who = { keyId: 'root' } as never;
        const dry = await service(new RecordingBus()).run('lingo', { ...range, dryRun: true }, who);
        const bus = new RecordingBus();
        const applied = await service(bus).run('lingo', { ...range, dryRun: false }, who);

        const awards = bus.values(Topics.EventScored).flatMap((m: EventScoredMessage) => m.awards);
        expect(awards.length).toBe(applied.compensations);
        for (const u of users) {
          const mine = awards.filter((a) => a.userId === u);
          const net = mine.reduce((s, a) => s + a.amount, 0);
          // The reference: lifetime moves by the net gain, and only by it.
          expect(mine.reduce((s, a) => s + a.lifetime!, 0)).toBe(Math.max(0, net));
          for (const a of mine) expect(a.lifetime).toBeGreaterThanOrEqual(0);
          for (const a of mine) expect(a.lifetime).toBeLessThanOrEqual(Math.max(0, a.amount));
          expect(net).toBe(applied.diff.find((r) => r.userId === u)?.delta ?? 0);
        }
        // Levels as applying leaves them, from the same gains, in both answers.
        expect(applied.levels).toEqual(dry.levels);
        for (const l of dry.levels) {
          const gain = Math.max(0, dry.diff.find((r) => r.userId === l.userId)?.delta ?? 0);
          const thresholds = [0, 50, 100, 200, 400];
          const level = (lifetime: number) => thresholds.filter((t) => lifetime >= t).length;
          expect(l.after).toBe(level(balances.get(`${l.userId}|xp`)!.lifetime + gain));
        }
      }),
      { numRuns: 60 },
    );
  });
});
