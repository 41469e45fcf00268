import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Topics, type TopicName } from '@questline/contracts';
import type { OutgoingMessage } from '@questline/messaging';
import { createLogger, createMetrics } from '@questline/platform';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import { parsePack, type PackCatalog } from '@questline/rules';
import { loadRegistry } from '@questline/schema-registry';
import { answerAccepted, eventually, infraEnv, RecordingBus, uniqueId } from '@questline/testing';
import { PgConsentRepository } from '../../infrastructure/pg-consent.repository';
import { PrismaIngestedEventRepository, REPUBLISH_AFTER } from '../../infrastructure/prisma-ingested-event.repository';
import { AcceptEventUseCase } from './accept-event.usecase';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '../../../../..');

/** A bus whose next `failures` publishes fail, as a broker outage after the INSERT would. */
class FlakyBus extends RecordingBus {
  failures = 0;
  override async publish<T extends TopicName>(topic: T, messages: OutgoingMessage<T>[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('broker unavailable');
    }
    return super.publish(topic, messages);
  }
}

/**
 * Ingest's publish rule on real Postgres: an event stored by a request whose publish failed is
 * delivered by the client's retry (a duplicate of an event not processed yet is published again,
 * at most once per REPUBLISH_AFTER), and a duplicate of a processed event is not. New events are
 * not marked published: only the duplicate path writes.
 */
describe('AcceptEventUseCase: duplicates publish again until the event is processed (real Postgres)', () => {
  let db: Db;
  let pool: SqlPool;
  let usecase: AcceptEventUseCase;
  let repo: PrismaIngestedEventRepository;
  const bus = new FlakyBus();
  const tenant = uniqueId('acc');

  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 4 }));
    const pack = parsePack(readFileSync(join(ROOT, 'packs/tektree/pack.yaml'), 'utf8').replace(/^tenant: tektree$/m, `tenant: ${tenant}`));
    const catalog: PackCatalog = { get: (t) => (t === tenant ? pack : undefined), tenants: () => [tenant] };
    repo = new PrismaIngestedEventRepository(db, pool);
    usecase = new AcceptEventUseCase(catalog, loadRegistry(join(ROOT, 'event-schemas')), repo, bus, new PgConsentRepository(pool), createMetrics('ingest-test'), createLogger('ingest-test', 'silent'));
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  const published = (id: string) => bus.sent(Topics.EventAccepted).filter((m) => m.value.id === id).length;

  it('a publish that failed after the INSERT is made good by the retry; a processed event is not published again', async () => {
    const event = answerAccepted({ author: 'alice', acceptedBy: 'bob' });
    bus.failures = 1;
    await expect(usecase.acceptOne(tenant, { event }, 'http')).rejects.toThrow('broker unavailable');
    const [{ id } = { id: '' }] = (await pool.query<{ id: string }>('SELECT id::text FROM ingested_event WHERE tenant_id = $1', [tenant])).rows;
    expect(published(id)).toBe(0);

    // The client retries with the same key: a duplicate, stored but never published, so published now.
    expect(await usecase.acceptOne(tenant, { event }, 'http')).toEqual({ id, status: 'queued', duplicate: true });
    expect(published(id)).toBe(1);
    // Still queued (in flight), but republished just now: a further duplicate waits REPUBLISH_AFTER.
    await eventually(
      async () => (await pool.query<{ at: Date | null }>('SELECT published_at AS at FROM ingested_event WHERE id = $1', [id])).rows[0]!.at,
      (at) => at !== null,
      { what: 'the republish recorded' },
    );
    await usecase.acceptOne(tenant, { event }, 'http');
    expect(published(id)).toBe(1);
    // Past REPUBLISH_AFTER (the clock moved back here), a duplicate of the still-queued event publishes it again.
    await pool.query(`UPDATE ingested_event SET published_at = now() - interval '${REPUBLISH_AFTER}' - interval '1 second' WHERE id = $1`, [id]);
    await usecase.acceptOne(tenant, { event }, 'http');
    expect(published(id)).toBe(2);

    // Processed: duplicates are answered from the row and publish nothing.
    await repo.applyStatus([{ tenantId: tenant, eventId: id, status: 'processed', stage: 'points', at: new Date().toISOString(), awards: [] }]);
    await pool.query(`UPDATE ingested_event SET published_at = NULL WHERE id = $1`, [id]);
    expect(await usecase.acceptOne(tenant, { event }, 'http')).toEqual({ id, status: 'processed', duplicate: true });
    expect(published(id)).toBe(2);
  });

  it('a new event is written once: nothing marks it published', async () => {
    const event = answerAccepted({ author: 'carol' });
    const { id } = await usecase.acceptOne(tenant, { event }, 'http');
    expect(published(id)).toBe(1);
    const { rows } = await pool.query<{ published_at: Date | null }>('SELECT published_at FROM ingested_event WHERE tenant_id = $1 AND id = $2', [tenant, id]);
    expect(rows[0]!.published_at).toBeNull();
  });

  it('many requests at once, each event twice: every event published, none lost', async () => {
    bus.clear();
    const events = Array.from({ length: 40 }, (_, i) => answerAccepted({ author: `u${i % 5}`, key: uniqueId(`k${i}`) }));
    const answers = await Promise.all([...events, ...events].map((event) => usecase.acceptOne(tenant, { event }, 'http')));
    const ids = new Set(answers.map((a) => a.id));
    expect(ids.size).toBe(40);
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(40);
    for (const id of ids) expect(published(id)).toBeGreaterThanOrEqual(1);
  });
});
