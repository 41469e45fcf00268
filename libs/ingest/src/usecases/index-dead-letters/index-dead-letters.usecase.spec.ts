import type { DeadLetterMessage } from '@questline/contracts';
import type { RawDelivered } from '@questline/messaging';
import { createLogger, createMetrics, type AppConfig } from '@questline/platform';
import type { DeadLetter, DeadLetterRepository } from '../../domain/dead-letter.repository';
import { DeadLetters } from '../dead-letters/dead-letters';
import type { SqlPool } from '@questline/persistence';
import { IndexDeadLettersUseCase } from './index-dead-letters.usecase';

/** A named in-memory fake of the repository: keeps what was inserted. */
class MemoryDeadLetters implements DeadLetterRepository {
  rows: Parameters<DeadLetterRepository['insert']>[0] = [];
  async insert(letters: Parameters<DeadLetterRepository['insert']>[0]) {
    this.rows.push(...letters);
  }
  async list(): Promise<DeadLetter[]> {
    return [];
  }
  async findByIds(): Promise<DeadLetter[]> {
    return [];
  }
  async markReplayed() {}
  async markDiscarded() {}
  async pendingByTopic() {
    return [];
  }
}

const letter = (over: Partial<DeadLetterMessage> = {}, headers: Record<string, string> = {}): DeadLetterMessage => ({
  originalEvent: null,
  originalValue: '{"id":"x"}',
  error: { class: 'AUTHORIZATION', name: 'UnauthorizedError', message: 'tenant_mismatch' },
  timestamp: '2026-12-01T00:00:00.000Z',
  firstFailedAt: '2026-12-01T00:00:00.000Z',
  retryCount: 0,
  attempts: 1,
  groupId: 'ingest-inbound',
  origin: { topic: 'health.events', partition: 0, offset: '7', key: 'k', timestamp: '2026-12-01T00:00:00.000Z', headers },
  ...over,
});

describe('IndexDeadLettersUseCase', () => {
  const repo = new MemoryDeadLetters();
  // The outbound webhook queue's statements, as a pool would receive them: every tenant has one
  // endpoint that wants every kind, and the INSERT's parameters are kept.
  const queued: unknown[][] = [];
  const pool = {
    query: async (sql: string, params: unknown[]) => {
      if (sql.startsWith('SELECT id, tenant_id, kinds FROM webhook_endpoint')) return { rows: (params[0] as string[]).map((t) => ({ id: `${t}-all`, tenant_id: t, kinds: ['*'] })) };
      queued.push(params);
      return { rowCount: 0 };
    },
  } as unknown as SqlPool;
  const indexing = new IndexDeadLettersUseCase(new DeadLetters(repo, createMetrics('test'), createLogger('test', 'silent'), { DLQ_WARN_THRESHOLD: 100 } as AppConfig), pool);
  const owners = (topic: string) => (topic === 'health.events' ? 'austa' : null);
  const raw = (value: string, offset = '1'): RawDelivered => ({ topic: 'health.events.dlq', partition: 0, offset, key: 'k', value, headers: {}, timestamp: Date.parse('2026-12-01T00:00:00Z') });

  beforeEach(() => (repo.rows = []));

  it("files a dead letter from a tenant's own topic under that tenant, whatever tenant its header claims", async () => {
    await indexing.execute({ batch: [raw(JSON.stringify(letter({}, { 'questline-tenant': 'tektree' })))], tenantOfTopic: owners });
    expect(repo.rows[0]).toMatchObject({ tenantId: 'austa', errorClass: 'AUTHORIZATION', originTopic: 'health.events' });
    // The tenant's webhooks hear of it as dead_letter.created, with the dead letter's id as message id.
    const [tenants, ids, kinds] = queued[queued.length - 1] as string[][];
    expect([tenants, ids, kinds]).toEqual([['austa'], [`msg_dlq_${repo.rows[0]!.id}`], ['dead_letter.created']]);
  });

  it('on the shared topic, the header names the tenant', async () => {
    const shared = letter({ origin: { ...letter().origin, topic: 'questline.inbound.v1', headers: { 'questline-tenant': 'tektree' } } });
    await indexing.execute({ batch: [{ ...raw(JSON.stringify(shared)), topic: 'questline.inbound.v1.dlq' }], tenantOfTopic: owners });
    expect(repo.rows[0]).toMatchObject({ tenantId: 'tektree' });
  });

  it("an internal announcement without a tenant header is filed under the tenant its value names; a producer's value on the shared topic is not trusted", async () => {
    const internal = (topic: string, originalEvent: unknown) => letter({ originalEvent, origin: { ...letter().origin, topic, headers: {} } });
    await indexing.execute({
      batch: [
        { ...raw(JSON.stringify(internal('questline.points.awarded.v1', { tenantId: 'tektree', userId: 'u' })), '5'), topic: 'questline.points.awarded.v1.dlq' },
        { ...raw(JSON.stringify(internal('questline.event.scored.v1', { event: { tenantId: 'austa' }, awards: [] })), '6'), topic: 'questline.event.scored.v1.dlq' },
        { ...raw(JSON.stringify(internal('questline.inbound.v1', { tenantId: 'tektree' })), '7'), topic: 'questline.inbound.v1.dlq' },
      ],
      tenantOfTopic: owners,
    });
    expect(repo.rows.map((r) => r.tenantId)).toEqual(['tektree', 'austa', null]);
  });

  it('indexes what another producer wrote to a DLQ topic as UNKNOWN instead of stopping (the indexer never skips on its own)', async () => {
    await indexing.execute({ batch: [raw('not a dead letter', '2'), raw(`${'['.repeat(5_000)}${']'.repeat(5_000)}`, '3'), raw(JSON.stringify({ hello: 1 }), '4')], tenantOfTopic: owners });
    expect(repo.rows.map((r) => [r.errorClass, r.tenantId, r.originTopic])).toEqual([
      ['UNKNOWN', 'austa', 'health.events'],
      ['UNKNOWN', 'austa', 'health.events'],
      ['UNKNOWN', 'austa', 'health.events'],
    ]);
  });

  it('keeps the reference of an original too large to keep', async () => {
    const ref = { topic: 'health.events', partition: 0, offset: '7', bytes: 900_000, sha256: 'a'.repeat(64), preview: '{' };
    await indexing.execute({ batch: [raw(JSON.stringify(letter({ originalValue: null, originalRef: ref })))], tenantOfTopic: owners });
    expect(repo.rows[0]).toMatchObject({ value: null, original: { bytes: 900_000, sha256: 'a'.repeat(64) } });
  });

  it('stores a dead letter whose bytes or error message hold NUL or lone surrogates (Postgres text refuses them)', async () => {
    await indexing.execute({ batch: [raw(JSON.stringify(letter({ originalValue: 'a\u0000b\ud800', error: { class: 'VALIDATION', name: 'SyntaxError', message: 'Unexpected token \u0000' } }, { 'x\u0000': 'v\udfff' })), '9')], tenantOfTopic: owners });
    expect(repo.rows[0]).toMatchObject({ value: 'a\ufffdb\ufffd', errorMessage: 'Unexpected token \ufffd', headers: { 'x\ufffd': 'v\ufffd' }, original: { bytes: 6 } });
  });
});
