import { Topics, type CanonicalEnvelope } from '@questline/contracts';
import type { AuditLog } from '@questline/persistence';
import { parsePack, type PackCatalog } from '@questline/rules';
import { canonicalEnvelope, RecordingBus } from '@questline/testing';
import type { RescoreSource } from '../domain/rescore.source';
import { MAX_REVERSAL_EVENTS, ReversalService } from './reversal.service';

const pack = parsePack(`
tenant: t
version: 3
name: T
schemaNamespace: tektree
currencies: [{ id: xp }]
rules: [{ id: up, on: vote.cast, award: { currency: xp, amount: 10, to: payload.author } }]
`);

/** Events and what the ledger holds for each (per user|currency), and which were reversed. */
function source(events: CanonicalEnvelope[], held: Record<string, Record<string, { total: number; asked?: number; entries: number; public?: boolean; scopes?: Record<string, string> }>>, reversed = new Set<string>()) {
  const marked: string[] = [];
  const s = {
    marked,
    eventsToReverse: async (_t: string, pick: { eventIds?: string[]; userId?: string }, limit: number) =>
      events.filter((e) => (!pick.eventIds || pick.eventIds.includes(e.id)) && (!pick.userId || e.userId === pick.userId)).slice(0, limit).map((event) => ({ event, reversed: reversed.has(event.id) })),
    holdings: async (_t: string, ids: string[]) =>
      ids.flatMap((id) =>
        Object.entries(held[id] ?? {}).map(([k, h]) => {
          const [userId, currency] = k.split('\u001f') as [string, string];
          return { eventId: id, userId, currency, public: h.public !== false, scopes: h.scopes ?? null, total: h.total, asked: h.asked ?? h.total, entries: h.entries };
        }),
      ),
    recordReversals: async (_t: string, ids: string[]) => void marked.push(...ids),
    released: [] as string[],
    releaseApplications: async (_t: string, ids: string[]) => (s.released.push(...ids), ids.length),
    standing: async () => ({ balances: new Map([['eve\u001fxp', { lifetime: 150, net: 150 }]]), unlocked: new Set<string>(), revoked: new Set<string>() }),
    acquireLease: async () => ({ held: true as const }),
    renewLease: async () => undefined,
    releaseLease: async () => undefined,
    landed: async (_t: string, keys: string[]) => keys,
  };
  return s;
}

const vote = (id: string, voter: string) => canonicalEnvelope({ id, type: 'vote.cast', userId: voter, payload: { author: 'eve' } });
const service = (src: ReturnType<typeof source>, bus = new RecordingBus()) =>
  new ReversalService({ get: () => pack } as unknown as PackCatalog, src as unknown as RescoreSource, { record: async () => undefined } as unknown as AuditLog, bus, { RESCORE_LEASE_MS: 1_000, RESCORE_SETTLE_MS: 0 });
const who = { keyId: 'admin' } as never;

describe('reversing events', () => {
  it('takes back exactly what each event holds (a penalty given back), off public boards where it never counted, raising no lifetime; marks the events; a dry run writes nothing', async () => {
    const events = [vote('e1', 'mallory'), vote('e2', 'mallory'), vote('e3', 'mallory')];
    const held = {
      e1: { 'eve\u001fxp': { total: 10, entries: 1, public: true }, 'mallory\u001fxp': { total: -1, entries: 1, public: true } },
      e2: { 'eve\u001fxp': { total: 13, entries: 2, public: false } }, // paid 10, corrected to 13 by a re-score; failed the gate
      e3: { 'eve\u001fxp': { total: 0, entries: 2, public: true } }, // already netted to nothing
    };
    const src = source(events, held);
    const dryBus = new RecordingBus();
    const dry = await service(src, dryBus).reverse('t', { userId: 'mallory', reason: 'serial voting', dryRun: true }, who);
    expect(dryBus.values(Topics.EventScored)).toEqual([]);
    expect(src.marked).toEqual([]);
    expect(dry).toMatchObject({ eventsMatched: 3, alreadyReversed: 0, compensations: 3, totals: { xp: { taken: 23, given: 1, usersAffected: 2 } } });

    const bus = new RecordingBus();
    const applied = await service(src, bus).reverse('t', { userId: 'mallory', reason: 'serial voting', dryRun: false }, who);
    expect(applied).toMatchObject({ compensations: 3, settled: true });
    const awards = bus.values(Topics.EventScored).flatMap((m) => m.awards.map((a) => ({ event: m.event.id, ...a, runId: m.rescore?.runId })));
    expect(awards).toEqual([
      { event: 'e1', userId: 'eve', currency: 'xp', amount: -10, ruleId: 'reversal', ruleVersion: 3, kind: 'compensate', lifetime: 0, idempotencyKey: 'reverse:e1:eve:xp:p:10:n1', runId: applied.runId },
      { event: 'e1', userId: 'mallory', currency: 'xp', amount: 1, ruleId: 'reversal', ruleVersion: 3, kind: 'compensate', lifetime: 0, idempotencyKey: 'reverse:e1:mallory:xp:p:-1:n1', runId: applied.runId },
      { event: 'e2', userId: 'eve', currency: 'xp', amount: -13, ruleId: 'reversal', ruleVersion: 3, kind: 'compensate', lifetime: 0, idempotencyKey: 'reverse:e2:eve:xp:h:13:n2', public: false, runId: applied.runId },
    ]);
    expect(src.marked).toEqual(['e1', 'e2', 'e3']);
    // Stored scopes, not the pack's dimensions; public and hidden parts apart; erased users skipped.
    const split = source([vote('e7', 'mallory')], {
      e7: {
        'eve\u001fxp': { total: 10, entries: 1, public: true, scopes: { topic: 'go' } },
        'deleted:0ab1\u001fxp': { total: 10, entries: 1, public: true },
      },
    });
    const splitBus = new RecordingBus();
    await service(split, splitBus).reverse('t', { eventIds: ['e7'], reason: 'x', dryRun: false }, who);
    expect(splitBus.values(Topics.EventScored).map((m) => [m.scopes, m.awards.map((a) => [a.userId, a.amount])])).toEqual([[{ topic: 'go' }, [['eve', -10]]]]);
    // What they used of caps and once-per keys is freed (reversed events count as never having happened).
    expect(src.released).toEqual(['e1', 'e2', 'e3']);
    expect(applied.released).toBe(3);
    // Each event's corrections say why.
    expect(bus.values(Topics.EventScored).map((m) => m.rescore)).toEqual([
      { runId: applied.runId, reason: 'serial voting' },
      { runId: applied.runId, reason: 'serial voting' },
    ]);
  });

  it('under a currency floor: undoes exactly what was booked and asks back what was asked; an event with nothing booked or asked is left alone', async () => {
    const held = {
      e1: { 'eve\u001fxp': { total: -3, asked: -7, entries: 1 } }, // a penalty of 7 held at 3
      e2: { 'eve\u001fxp': { total: 0, asked: -7, entries: 1 } }, // held entirely
      e3: { 'eve\u001fxp': { total: 6, asked: 0, entries: 2 } }, // paid 10; a re-scoring's -10 was held at 4
      e4: { 'eve\u001fxp': { total: 0, asked: 0, entries: 2 } }, // reversed before
    };
    const bus = new RecordingBus();
    const applied = await service(source([vote('e1', 'm'), vote('e2', 'm'), vote('e3', 'm'), vote('e4', 'm')], held), bus).reverse('t', { userId: 'm', reason: 'x', dryRun: false }, who);
    expect(bus.values(Topics.EventScored).flatMap((m) => m.awards.map((a) => [m.event.id, a.amount, a.requested]))).toEqual([
      ['e1', 3, 7],
      ['e2', 0, 7],
      ['e3', -6, 0],
    ]);
    expect(applied).toMatchObject({ compensations: 3 });
  });

  it('reverses an event once; names ids it does not find; refuses an open-ended or oversized selection', async () => {
    const events = [vote('e1', 'mallory')];
    // Reversed, and its reversal landed: nothing left to take.
    const src = source(events, { e1: { 'eve\u001fxp': { total: 0, entries: 2 } } }, new Set(['e1']));
    const bus = new RecordingBus();
    const again = await service(src, bus).reverse('t', { eventIds: ['e1', 'e9'], reason: 'x', dryRun: false }, who);
    expect(again).toMatchObject({ eventsMatched: 1, alreadyReversed: 1, compensations: 0, notFound: ['e9'], settled: true });
    expect(bus.values(Topics.EventScored)).toEqual([]);
    // Marked, but a request failed before publishing: asking again takes back what it still holds.
    const unfinished = source(events, { e1: { 'eve\u001fxp': { total: 10, entries: 1 } } }, new Set(['e1']));
    const finish = new RecordingBus();
    expect(await service(unfinished, finish).reverse('t', { eventIds: ['e1'], reason: 'x', dryRun: false }, who)).toMatchObject({ alreadyReversed: 1, compensations: 1 });
    expect(finish.values(Topics.EventScored).flatMap((m) => m.awards.map((a) => a.idempotencyKey))).toEqual(['reverse:e1:eve:xp:p:10:n1']);
    await expect(service(src).reverse('t', { reason: 'x', dryRun: true }, who)).rejects.toMatchObject({ code: 'reversal_filter_required' });
    await expect(service(src).reverse('t', { from: new Date(0), reason: 'x', dryRun: true }, who)).rejects.toMatchObject({ code: 'reversal_filter_required' });
    await expect(service(src).reverse('t', { userId: '_unlinked', reason: 'x', dryRun: true }, who)).rejects.toMatchObject({ code: 'invalid_user_id' });
    const many = Array.from({ length: MAX_REVERSAL_EVENTS + 1 }, (_, i) => vote(`x${i}`, 'bot'));
    await expect(service(source(many, {})).reverse('t', { userId: 'bot', reason: 'x', dryRun: true }, who)).rejects.toMatchObject({ code: 'too_many_events' });
  });
});
