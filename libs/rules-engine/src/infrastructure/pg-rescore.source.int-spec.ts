import { randomBytes } from 'node:crypto';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { infraEnv, uniqueId } from '@questline/testing';
import type { EventCursor } from '../domain/rescore.source';
import { PgRescoreSource } from './pg-rescore.source';

jest.setTimeout(60_000);

describe('PgRescoreSource (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  let source: PgRescoreSource;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 4 }));
    source = new PgRescoreSource(pool);
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  // Ids descend as events arrive, so event-id order is the reverse of arrival order (a random
  // prefix per run: ids are unique across the table).
  const run = randomBytes(4).toString('hex');
  let nextId = 0xffffff;
  const descendingId = () => `${run}-0000-4000-8000-000000${(nextId--).toString(16).padStart(6, '0')}`;

  /** Stores processed events as ingest does: `arrival` from the column's sequence, in the order given (null for a legacy row). */
  const store = async (tenant: string, events: { name: string; at: string; legacy?: boolean }[]) => {
    for (const e of events) {
      const id = descendingId();
      const envelope = { id, tenantId: tenant, type: 't', userId: 'u', occurredAt: e.at, payload: { name: e.name } };
      await pool.query(
        `INSERT INTO ingested_event (id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, envelope, status${e.legacy ? ', arrival' : ''})
         VALUES ($1, $2, $3, 't', 1, 'u', $4, now(), $5, 'processed'${e.legacy ? ', NULL' : ''})`,
        [id, tenant, e.name, e.at, JSON.stringify(envelope)],
      );
    }
  };

  const readAll = async (tenant: string, limit: number) => {
    const names: string[] = [];
    let cursor: EventCursor | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await source.processedEvents(tenant, new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'), cursor, limit);
      names.push(...page.events.map((e) => (e.payload as { name: string }).name));
      if (page.events.length < limit) return names;
      cursor = page.cursor;
    }
    throw new Error('paging did not end');
  };

  it('replays events of the same time in the order they arrived, across page boundaries; events from before arrival numbers come first among their equals', async () => {
    const tenant = uniqueId('rescore-order');
    const same = '2026-06-01T10:00:00.000Z';
    // Arrival order differs from event-id order and from name order.
    await store(tenant, [
      { name: 'legacy-1', at: same, legacy: true },
      { name: 'join', at: same },
      { name: 'post', at: same },
      { name: 'earlier', at: '2026-06-01T09:00:00.000Z' },
      { name: 'reply', at: same },
      { name: 'later', at: '2026-06-01T11:00:00.000Z' },
      { name: 'react', at: same },
    ]);
    const expected = ['earlier', 'legacy-1', 'join', 'post', 'reply', 'react', 'later'];
    for (const limit of [1, 2, 3, 7, 50]) expect(await readAll(tenant, limit)).toEqual(expected);
  });

  it('pages through many events of one time without skipping or repeating one', async () => {
    const tenant = uniqueId('rescore-ties');
    const same = '2026-06-02T10:00:00.000Z';
    const names = Array.from({ length: 40 }, (_, i) => `e${String(i).padStart(2, '0')}`);
    // Legacy rows (no arrival) tie on time and arrival: their order is the uuid's (here the reverse of arrival), and the cursor compares uuids.
    await store(tenant, names.slice(0, 15).map((name) => ({ name, at: same, legacy: true })));
    await store(tenant, names.slice(15).map((name) => ({ name, at: same })));
    const read = await readAll(tenant, 4);
    expect(read).toHaveLength(40);
    expect(new Set(read).size).toBe(40);
    expect(read).toEqual([...names.slice(0, 15).reverse(), ...names.slice(15)]);
  });

  it('lets one applying run per tenant hold the lease, across callers: refused while held (naming the holder), free after release or expiry, renewed only by its holder', async () => {
    const tenant = uniqueId('rescore-lease');
    const other = uniqueId('rescore-lease');
    const [a, b, c] = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c'];
    // Concurrent takers: exactly one wins.
    const taken = await Promise.all([source.acquireLease(tenant, a, 60_000), source.acquireLease(tenant, b, 60_000)]);
    expect(taken.filter((t) => t.held)).toHaveLength(1);
    const winner = taken[0]!.held ? a : b;
    const loser = winner === a ? b : a;
    expect(taken.find((t) => !t.held)).toMatchObject({ held: false, runId: winner, since: expect.stringMatching(/Z$/), until: expect.stringMatching(/Z$/) });
    // Another tenant is not held up.
    expect(await source.acquireLease(other, c, 60_000)).toEqual({ held: true });
    // Only the holder gives it back.
    await source.releaseLease(tenant, loser);
    expect(await source.acquireLease(tenant, c, 60_000)).toMatchObject({ held: false, runId: winner });
    await source.releaseLease(tenant, winner);
    expect(await source.acquireLease(tenant, c, 1_000)).toEqual({ held: true });
    // An expired lease is taken over; a renewal by a run that lost it does nothing.
    await pool.query("UPDATE rescore_lease SET lease_until = now() - interval '1 second' WHERE tenant_id = $1", [tenant]);
    expect(await source.acquireLease(tenant, a, 60_000)).toEqual({ held: true });
    await source.renewLease(tenant, c, 3_600_000);
    const { rows } = await pool.query<{ run_id: string; left: number }>('SELECT run_id::text, extract(epoch FROM lease_until - now())::float AS left FROM rescore_lease WHERE tenant_id = $1', [tenant]);
    expect(rows[0]).toMatchObject({ run_id: a });
    expect(rows[0]!.left).toBeLessThanOrEqual(60);
  });

  it('says which of a run\'s correction keys the ledger holds', async () => {
    const tenant = uniqueId('rescore-landed');
    await pool.query(
      `INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at)
       VALUES ($1, 'u', 'xp', 3, 'compensate', gen_random_uuid(), 'rescore', 2, 'rescore:e1:u:xp:5:n1', now())`,
      [tenant],
    );
    expect(await source.landed(tenant, ['rescore:e1:u:xp:5:n1', 'rescore:e2:u:xp:5:n1'])).toEqual(['rescore:e1:u:xp:5:n1']);
    expect(await source.landed(uniqueId('rescore-landed'), ['rescore:e1:u:xp:5:n1'])).toEqual([]);
  });

  it("gives the scopes each event's rule entries were first booked with (not an achievement's or a progress reward's; a later correction does not change them)", async () => {
    const tenant = uniqueId('rescore-booked');
    const [a, b, c] = [descendingId(), descendingId(), descendingId()];
    const entries: [string, string, string, string | null][] = [
      // An achievement's reward on the event, written before its own entries: not its booking.
      [a, 'badge:first', 'badge-a', null],
      [a, 'r', 'live-a', JSON.stringify({ topic: 'ts', tag: ['x', 'y'] })],
      [a, 'rescore', 'rescore-a', JSON.stringify({ topic: 'db' })],
      [b, 'r', 'live-b', null],
      // Only a progress reward on c: c was never booked by a rule.
      [c, 'mission:m1', 'mission-c', JSON.stringify({ topic: 'ts' })],
    ];
    for (const [event, rule, key, scopes] of entries) {
      await pool.query(
        `INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at, scopes)
         VALUES ($1, 'u', 'xp', 5, 'earn', $2, $3, 1, $4, now(), $5)`,
        [tenant, event, rule, key, scopes],
      );
    }
    expect(await source.bookedScopes(tenant, [a, b, c])).toEqual(new Map<string, unknown>([[a, { topic: 'ts', tag: ['x', 'y'] }], [b, null]]));
    expect(await source.bookedScopes(tenant, [])).toEqual(new Map());
  });
});
