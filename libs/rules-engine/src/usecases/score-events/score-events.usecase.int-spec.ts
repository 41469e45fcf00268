import { v4 as uuidv4 } from 'uuid';
import { Topics, userPartitionKey, type CanonicalEnvelope } from '@questline/contracts';
import { createLogger } from '@questline/platform';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { parsePack, type Pack, type PackCatalog } from '@questline/rules';
import { canonicalEnvelope, infraEnv, RecordingBus, uniqueId } from '@questline/testing';
import { PgDecisionStore } from '../../infrastructure/pg-decision.store';
import { ScoreEventsUseCase } from './score-events.usecase';

jest.setTimeout(60_000);

const packFor = (tenant: string, version = 1): Pack =>
  parsePack(`
tenant: ${tenant}
version: ${version}
name: Use case
schemaNamespace: uc
currencies: [{ id: xp }]
rules:
  - { id: done, on: task.done, award: { currency: xp, amount: 10 }, limits: { perDay: 3 } }
  - { id: ping, on: task.ping, award: { currency: xp, amount: 1 }, limits: { cooldownSeconds: 3600 } }
dimensions: [{ id: team, path: payload.team }]
counters:
  - { id: tasks, name: Tasks, steps: [{ on: task.done, by: 1 }], milestones: [{ at: 2, reward: { currency: xp, amount: 25 } }] }
`);

/** The rules engine's consumer use case with the real Postgres decision store; what it publishes is recorded. */
describe('ScoreEventsUseCase (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  const packs = new Map<string, Pack>();
  const catalog: PackCatalog = { get: (t) => packs.get(t), tenants: () => [...packs.keys()] };
  let bus: RecordingBus;
  let usecase: ScoreEventsUseCase;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 4 }));
  });
  beforeEach(() => {
    bus = new RecordingBus();
    usecase = new ScoreEventsUseCase(catalog, new PgDecisionStore(pool), bus, createLogger('score-events-test', 'silent'), pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  const tenant = () => {
    const t = uniqueId('uc');
    packs.set(t, packFor(t));
    return t;
  };
  const event = (tenantId: string, type: string, occurredAt: string, over: Partial<CanonicalEnvelope> = {}) =>
    canonicalEnvelope({ id: uuidv4(), tenantId, type, userId: 'ann', occurredAt, idempotencyKey: uniqueId('k'), ...over });
  const awardsOf = (id: string) => bus.values(Topics.EventScored, (v) => v.event.id === id).at(-1)?.awards.map((a) => `${a.ruleId}:${a.amount}`) ?? null;

  it('the same user several times in one batch after an earlier award that day: the cap counts each award once', async () => {
    const t = tenant();
    await usecase.execute([event(t, 'task.done', '2026-11-23T08:00:00Z')]);
    const batch = ['09:00', '10:00', '11:00', '12:00'].map((h) => event(t, 'task.done', `2026-11-23T${h}:00Z`));
    await usecase.execute(batch);
    // Before the fix, the earlier award was counted once per event of the batch: 1 × 4 ≥ 3, nothing awarded.
    expect(batch.map((e) => awardsOf(e.id))).toEqual([['done:10', 'counter:tasks:25'], ['done:10'], [], []]);
    expect(bus.values(Topics.EventScored).at(-1)!.awards).toEqual([]);
    expect(bus.values(Topics.EventScored)).toHaveLength(5);
  });

  it('publishes one decision per event, keyed by tenant and user, in the batch order, with the scopes of events that earned', async () => {
    const t = tenant();
    const earns = event(t, 'task.done', '2026-11-23T08:00:00Z', { userId: 'bob', payload: { team: 'red' } });
    const nothing = event(t, 'task.unknown', '2026-11-23T08:01:00Z', { userId: 'cat', payload: { team: 'red' } });
    await usecase.execute([earns, nothing]);
    const sent = bus.sent(Topics.EventScored);
    expect(sent.map((m) => [m.key, m.value.event.id, m.value.packVersion, m.value.scopes])).toEqual([
      [userPartitionKey(t, 'bob'), earns.id, 1, { team: 'red' }],
      [userPartitionKey(t, 'cat'), nothing.id, 1, undefined],
    ]);
    expect(sent[0]!.headers).toMatchObject({ 'questline-tenant': t, 'questline-event-id': earns.id });
  });

  it('decides in the order the log gives, each event id once, and a redelivery republishes the stored decision', async () => {
    const t = tenant();
    // A ping at 10:30 arrives before one at 10:00 (late): the first to arrive earns, the cooldown refuses the other.
    const late = event(t, 'task.ping', '2026-11-23T10:00:00Z');
    const first = event(t, 'task.ping', '2026-11-23T10:30:00Z');
    await usecase.execute([first, late, first]);
    expect([awardsOf(first.id), awardsOf(late.id)]).toEqual([['ping:1'], []]);
    expect(bus.values(Topics.EventScored, (v) => v.event.id === late.id)[0]!.awards).toEqual([]);
    // Redelivered in another batch and another order: the same decisions.
    const before = bus.values(Topics.EventScored).length;
    await usecase.execute([late, first]);
    expect([awardsOf(first.id), awardsOf(late.id)]).toEqual([['ping:1'], []]);
    expect(bus.values(Topics.EventScored).length).toBe(before + 2);
  });

  it('publishes progress outcomes after the decisions, and a redelivery republishes them (consumers dedup)', async () => {
    const t = tenant();
    const batch = [event(t, 'task.done', '2026-11-23T08:00:00Z'), event(t, 'task.done', '2026-11-23T09:00:00Z')];
    await usecase.execute(batch);
    const milestone = bus.values(Topics.ProgressUpdated, (v) => v.type === 'counter.milestone');
    expect(milestone.map((m) => [m.userId, m.subject, m.sourceEventId, m.dedupKey])).toEqual([['ann', 'tasks', batch[1]!.id, 'counter:tasks:ann:2']]);
    await usecase.execute(batch);
    expect(bus.values(Topics.ProgressUpdated, (v) => v.type === 'counter.milestone').map((m) => m.dedupKey)).toEqual(['counter:tasks:ann:2', 'counter:tasks:ann:2']);
  });

  it('each tenant in a mixed batch is decided with its own pack; a tenant without a pack gets decisions with no awards', async () => {
    const [a, b] = [tenant(), tenant()];
    packs.set(b, packFor(b, 7));
    const orphan = uniqueId('gone');
    const events = [event(a, 'task.done', '2026-11-23T08:00:00Z'), event(orphan, 'task.done', '2026-11-23T08:00:00Z'), event(b, 'task.done', '2026-11-23T08:00:00Z')];
    await usecase.execute(events);
    expect(bus.values(Topics.EventScored).map((v) => [v.event.tenantId, v.packVersion, v.awards.length])).toEqual([
      [a, 1, 1],
      [orphan, 0, 0],
      [b, 7, 1],
    ]);
  });
});
