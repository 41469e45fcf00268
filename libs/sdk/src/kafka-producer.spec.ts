import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { ValidationFailedError } from '@questline/contracts';
import { canonicalEventId, loadRegistry } from '@questline/schema-registry';
import { QuestlineKafkaProducer, type KafkaProducerLike, type KafkaProducerRecord } from './kafka';

// A connected kafkajs Producer can be passed as is.
const _fits: (p: Producer) => KafkaProducerLike = (p) => p;

const registry = loadRegistry(join(__dirname, '../../../event-schemas'));
const at = new Date(Date.now() - 60_000).toISOString();

/** The TekTree pack's ingest profile (packs/tektree/pack.yaml). */
const tektree = { tenantId: 'tektree-demo', namespace: 'tektree', dialects: ['canonical', 'tektree', 'cloudevents'], stripTypePrefixes: ['com.tektree.'] };

function fakeProducer() {
  const sent: KafkaProducerRecord[] = [];
  const producer = { send: jest.fn(async (record: KafkaProducerRecord) => { sent.push(record); return []; }) };
  return { producer, sent };
}

const canonical = {
  type: 'knowledge.answer.accepted',
  userId: 'bob',
  idempotencyKey: 'accept-0001',
  occurredAt: at,
  payload: { question_id: 'q1', answer_id: 'a1', answer_author_id: 'alice' },
};
const tektreeLiked = {
  event_id: '0b7c6f55-4a0f-4c1e-9a55-3f7f3c0f1a11',
  event_type: 'com.tektree.social.content.liked',
  event_version: '1.0.0',
  timestamp: at,
  source_service: 'social-service',
  payload: { content_id: 'c1', content_author_id: 'alice', liker_id: 'carol' },
};

describe('QuestlineKafkaProducer: validate before publish', () => {
  it("publishes to the tenant's own topic when one is configured", async () => {
    const { producer, sent } = fakeProducer();
    await new QuestlineKafkaProducer({ producer, registry, ...tektree, topic: 'tektree.events' }).send([canonical]);
    expect(sent[0]!.topic).toBe('tektree.events');
  });

  it('sends valid events as their original JSON to the shared inbound topic, naming the tenant, keyed tenant:user, acks -1', async () => {
    const { producer, sent } = fakeProducer();
    const kafka = new QuestlineKafkaProducer({ producer, registry, ...tektree });
    const result = await kafka.send([canonical, tektreeLiked]);

    expect(producer.send).toHaveBeenCalledTimes(1);
    const record = sent[0]!;
    expect(record.topic).toBe('questline.inbound.v1');
    expect(record.messages.every((m) => m.headers['questline-tenant'] === 'tektree-demo')).toBe(true);
    expect(record.acks).toBe(-1);
    expect(record.messages.map((m) => m.key)).toEqual(['tektree-demo:bob', 'tektree-demo:carol']); // TekTree: the subject comes from the payload
    expect(record.messages.map((m) => JSON.parse(m.value))).toEqual([canonical, tektreeLiked]); // not the normalised envelope
    expect(record.messages.every((m) => m.headers['content-type'] === 'application/json')).toBe(true);
    expect(result.messages).toEqual([
      { key: 'tektree-demo:bob', eventId: canonicalEventId('tektree-demo', 'accept-0001') },
      { key: 'tektree-demo:carol', eventId: canonicalEventId('tektree-demo', tektreeLiked.event_id) },
    ]);
  });

  it('refuses the whole send when one event is invalid, pointing at its index, and sends nothing', async () => {
    const { producer } = fakeProducer();
    const kafka = new QuestlineKafkaProducer({ producer, registry, ...tektree });
    const invalid = { ...tektreeLiked, payload: { liker_id: 'carol', content_author_id: 'alice' } }; // content_id is required

    let error: unknown;
    try {
      await kafka.send([canonical, invalid, { ...canonical, idempotencyKey: 'has a space' }]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationFailedError);
    const v = error as ValidationFailedError;
    expect(v.message).toContain('2 of 3');
    expect(v.errors.map((e) => e.pointer)).toEqual(['/1/payload/content_id', '/2/idempotencyKey']);
    expect(v.errors[0]!.detail).toMatch(/^schema_validation_failed: .*content_id/);
    expect(v.errors[1]!.detail).toMatch(/^invalid_envelope: /);
    expect(producer.send).not.toHaveBeenCalled();
  });

  it('validates against the tenant\'s dialects only', async () => {
    const { producer } = fakeProducer();
    const canonicalOnly = new QuestlineKafkaProducer({ producer, registry, tenantId: 'tektree-demo', namespace: 'tektree' });
    await expect(canonicalOnly.send([tektreeLiked])).rejects.toMatchObject({ errors: [{ pointer: '/0', detail: expect.stringMatching(/^unknown_envelope: /) }] });
    expect(producer.send).not.toHaveBeenCalled();
  });

  it('rejects an unknown namespace or dialect when constructed', () => {
    const { producer } = fakeProducer();
    expect(() => new QuestlineKafkaProducer({ producer, registry, tenantId: 't', namespace: 'nope' })).toThrow(/unknown schema namespace/);
    expect(() => new QuestlineKafkaProducer({ producer, registry, tenantId: 't', namespace: 'tektree', dialects: ['nope'] })).toThrow(/unknown dialect/);
  });
});
