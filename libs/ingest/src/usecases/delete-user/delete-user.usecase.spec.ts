import { join } from 'node:path';
import fc from 'fast-check';
import type { AppConfig, Logger, Metrics } from '@questline/platform';
import type { BoardErasure } from '@questline/contracts';
import type { AuditLog } from '@questline/persistence';
import type { PackCatalog } from '@questline/rules';
import { EventNormalizer, loadRegistry, type IngestProfile, type SchemaRegistry } from '@questline/schema-registry';
import type { EventArchive } from '../../domain/event-archive.port';
import type { UserErasure } from '../../domain/user-erasure.port';
import { DeleteUserUseCase } from './delete-user.usecase';

const registry = loadRegistry(join(__dirname, '../../../../../event-schemas'));
const normalizer = new EventNormalizer(registry);
const profile: IngestProfile = { tenantId: 'tek', namespace: 'tektree', dialects: ['canonical', 'tektree', 'cloudevents'], stripTypePrefixes: ['com.tektree.'] };
const receivedAt = new Date('2026-11-24T10:00:00.000Z');
const at = '2026-11-24T09:59:00.000Z';
const data = { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' };

/** Whether ingest links an event to this user id: sent as the canonical envelope's userId, or as a CloudEvent's subject (an envelope allowing 200). */
function ingestAccepts(userId: string): boolean[] {
  const events = [
    [{ type: 'knowledge.answer.accepted', userId, idempotencyKey: 'key-00001', occurredAt: at, payload: data }, undefined],
    [{ specversion: '1.0', id: 'ce-0001', source: '/k', type: 'com.tektree.knowledge.answer.accepted', time: at, subject: userId, data }, 'application/cloudevents+json'],
  ] as const;
  return events.map(([event, contentType]) => {
    try {
      return normalizer.normalize(event, profile, { receivedAt, contentType, transport: 'http' }).envelope.userId === userId;
    } catch {
      return false;
    }
  });
}

/** The erasure use case over ports that hold a (repeated) deletion of anyone: only its own user id check can refuse. */
const deletion = new DeleteUserUseCase(
  {
    tombstone: async () => ({ receiptId: 'r', pseudonym: 'deleted:p', deletedAt: at, erased: null }),
    known: async () => true,
    bury: async () => undefined,
    erase: async () => ({ tables: {}, awardKeys: [], cohorts: [] }),
  } as unknown as UserErasure,
  { erase: async () => 0 } as unknown as BoardErasure,
  { erase: async () => ({ files: 0, events: 0 }) } as unknown as EventArchive,
  { get: () => ({ tenant: 'tek', schemaNamespace: 'tektree' }) } as unknown as PackCatalog,
  { document: () => undefined } as unknown as SchemaRegistry,
  { record: async () => undefined } as unknown as AuditLog,
  { DELETION_GRACE_MS: 0 } as AppConfig,
  { info: () => undefined, warn: () => undefined } as unknown as Logger,
  { userErasures: { inc: () => undefined }, tenant: (t: string) => t } as unknown as Metrics,
);

async function erasureAccepts(userId: string): Promise<boolean> {
  try {
    await deletion.execute({ tenantId: 'tek', userId, actor: 'root' });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'invalid_user_id') return false;
    throw err;
  }
}

// Ids near every edge of the rule: reserved prefixes, controls, lone surrogates, astral characters, lengths around 128.
const piece = fc.oneof(
  fc.constantFrom('', '_', 'deleted:', 'anon:', 'a', 'Z9', '\u0000', '\n', '\u007f', '\u0085', '\ud800', '\udfff', '😀', 'é', ' ', '-', '.'),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
);
const userIds = fc
  .tuple(fc.constantFrom('', '', '', '', '_', 'deleted:'), fc.array(piece, { maxLength: 12 }), fc.constantFrom(0, 0, 0, 100, 120, 126, 127, 128, 129, 160, 199))
  .map(([prefix, parts, pad]) => {
    const id = prefix + parts.join('');
    return id + 'x'.repeat(Math.max(0, pad - id.length));
  });

describe('erasure takes every user id ingest can credit (GDPR Art. 17), and nothing else', () => {
  it('accepts exactly the ids ingest links an event to, in any dialect', async () => {
    await fc.assert(
      fc.asyncProperty(userIds, async (userId) => {
        const ingest = ingestAccepts(userId);
        const erasable = await erasureAccepts(userId);
        // Anything credited can be erased; and an id erasure refuses is one ingest never linked to anyone.
        if (ingest.some(Boolean)) expect(erasable).toBe(true);
        if (erasable) expect(ingest).toEqual([true, true]);
      }),
      { numRuns: 1_000 },
    );
  });

  it("refuses the platform's placeholders and over-long ids, as ingest does", async () => {
    for (const id of ['_unlinked', '_anonymised', '_system', 'deleted:0d6d6f3c', 'u'.repeat(129), 'a\u0000']) {
      expect([id, ingestAccepts(id), await erasureAccepts(id)]).toEqual([id, [false, false], false]);
    }
    expect([ingestAccepts('u'.repeat(128)), await erasureAccepts('u'.repeat(128))]).toEqual([[true, true], true]);
  });
});
