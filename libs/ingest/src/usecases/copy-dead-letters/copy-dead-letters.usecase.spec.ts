import type { DeadLetterMessage } from '@questline/contracts';
import type { MessageBus, RawDelivered, RawOutgoing } from '@questline/messaging';
import type { Pack, PackCatalog } from '@questline/rules';
import type { SqlPool } from '@questline/persistence';
import { CopyDeadLettersUseCase } from './copy-dead-letters.usecase';

/**
 * The copy's topic is filled in from event data (`{journey}.events.dlq`): whatever the event says,
 * it never names Questline's or Kafka's topics, a retry topic, or a topic another tenant reads.
 */
describe('CopyDeadLettersUseCase: the copy topic, filled in from the event', () => {
  const published = new Map<string, RawOutgoing[]>();
  const bus = {
    ensureTopics: async () => undefined,
    publishRaw: async (topic: string, list: RawOutgoing[]) => void published.set(topic, [...(published.get(topic) ?? []), ...list]),
  } as unknown as MessageBus;
  const pack = { ingest: { deadLetterTopic: '{journey}.events.dlq', kafkaTopics: [] } } as unknown as Pack & { ingest: { deadLetterTopic: string } };
  const packs: PackCatalog = { get: (t) => (t === 'austa' ? pack : undefined), tenants: () => ['austa'] };
  const warnings: unknown[] = [];
  const log = { warn: (o: unknown) => void warnings.push(o) } as never;
  const copy = new CopyDeadLettersUseCase(bus, packs, {} as SqlPool, log);

  const letter = (journey: string, offset: string): RawDelivered => {
    const d: DeadLetterMessage = {
      originalEvent: { meta: { journey } },
      originalValue: '{}',
      error: { class: 'INTERNAL', name: 'Error', message: 'boom' },
      timestamp: '2026-12-06T00:00:00.000Z',
      firstFailedAt: '2026-12-06T00:00:00.000Z',
      retryCount: 3,
      attempts: 4,
      groupId: 'questline.points',
      origin: { topic: 'questline.event.scored.v1', partition: 0, offset, key: 'austa:u', timestamp: '2026-12-06T00:00:00.000Z', headers: { 'questline-tenant': 'austa' } },
    } as DeadLetterMessage;
    return { topic: 'questline.event.scored.v1.dlq', partition: 0, offset, key: 'austa:u', value: JSON.stringify(d), headers: {}, timestamp: 0 };
  };

  it('copies to the tenant\'s own topic, and refuses reserved names and another tenant\'s topic', async () => {
    const owners = new Map([['other.events.dlq', 'someone-else']]);
    await copy.execute({
      batch: [letter('care', '1'), letter('questline.inbound.v1', '2'), letter('__consumer', '3'), letter('other', '4')],
      tenantOfTopic: (t) => owners.get(t) ?? null,
    });
    expect([...published.keys()]).toEqual(['care.events.dlq']);
    expect(warnings).toHaveLength(3);
  });

  it('never writes a name Kafka refuses (a template repeating a field: over 249 characters), which would fail the indexer every time', async () => {
    published.clear();
    warnings.length = 0;
    pack.ingest.deadLetterTopic = '{journey}{journey}{journey}{journey}.x';
    await copy.execute({ batch: [letter('y'.repeat(64), '9')], tenantOfTopic: () => null });
    expect(published.size).toBe(0);
    expect(warnings).toHaveLength(1);
  });
});
