import { Kafka, logLevel } from 'kafkajs';
import { infraEnv, uniqueId } from '@questline/testing';
import { KafkaTransport } from './kafka-transport';
import { messageBusContract } from '../message-bus.contract';

jest.setTimeout(90_000);

// Each test gets its own namespace: fresh topics and groups on the real broker.
messageBusContract('kafka', async () =>
  new KafkaTransport({ brokers: infraEnv().KAFKA_BROKERS.split(','), clientId: 'contract-test', namespace: `${uniqueId('it')}.`, partitions: 3 }),
);

// The same behaviour with messages packed many per record (everything but the dead-letter topics, so
// the retry topics and their due times are packed too).
messageBusContract('kafka, packed records', async () =>
  new KafkaTransport({ brokers: infraEnv().KAFKA_BROKERS.split(','), clientId: 'contract-test', namespace: `${uniqueId('itp')}.`, partitions: 3, pack: (t) => !t.endsWith('.dlq') }),
);

describe('KafkaTransport: packed and plain records on one topic', () => {
  it('unpacks packed records, reads plain ones beside them, keeps each key in order, and dead-letters a corrupt pack without stopping', async () => {
    const namespace = `${uniqueId('mix')}.`;
    const brokers = infraEnv().KAFKA_BROKERS.split(',');
    const plain = new KafkaTransport({ brokers, clientId: 'mix-plain', namespace, partitions: 2 });
    const packed = new KafkaTransport({ brokers, clientId: 'mix-packed', namespace, partitions: 2, pack: () => true });
    const reader = new KafkaTransport({ brokers, clientId: 'mix-reader', namespace, partitions: 2, packable: (t) => t === 'mixed' });
    // A consumer of a topic where packs are not expected (a tenant's) takes a packed record as one opaque message.
    const outsider = new KafkaTransport({ brokers, clientId: 'mix-outsider', namespace, partitions: 2 });
    try {
      await reader.ensureTopics(['mixed']);
      const seen: { key: string; value: string | null; headers: Record<string, string> }[] = [];
      await reader.consume({ groupId: 'g', topics: ['mixed'], handler: async (batch) => void seen.push(...batch.map((m) => ({ key: m.key, value: m.value, headers: m.headers }))) });
      const opaque: { value: string | null; headers: Record<string, string> }[] = [];
      await outsider.consume({ groupId: 'outsider', topics: ['mixed'], maxBatchSize: 3, handler: async (batch) => void opaque.push(...batch.map((m) => ({ value: m.value, headers: m.headers }))) });
      const round = (n: number) => ['a', 'b', 'c', 'd'].map((k) => ({ key: k, value: `${k}${n}`, headers: { n: String(n) } }));
      for (let n = 0; n < 30; n++) await (n % 3 === 0 ? plain : packed).send('mixed', round(n));
      // A record that claims to be packed but is not: raw kafkajs, as a broken producer would write it.
      const kafka = new Kafka({ clientId: 'mix-raw', brokers, logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: `${namespace}mixed`, messages: [{ key: 'a', value: 'QLP1 garbage', headers: { 'questline-pack': '1' } }] });
      await producer.disconnect();
      await packed.send('mixed', round(30));
      const deadline = Date.now() + 30_000;
      while (seen.filter((m) => m.value?.startsWith('corrupt')).length < 1 || seen.length < 31 * 4 + 1) {
        if (Date.now() > deadline) throw new Error(`saw ${seen.length}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const k of ['a', 'b', 'c', 'd']) expect(seen.filter((m) => m.key === k && !m.value?.startsWith('corrupt')).map((m) => m.value)).toEqual(Array.from({ length: 31 }, (_, n) => `${k}${n}`));
      expect(seen.find((m) => m.value === 'b7')?.headers).toMatchObject({ n: '7' });
      expect(seen.find((m) => m.value?.startsWith('corrupt'))?.value).toMatch(/^corrupt packed record: /);
      expect(seen.find((m) => m.value?.startsWith('corrupt'))?.headers['questline-pack']).toBeUndefined();
      // The outsider saw records, not messages: 10 plain rounds of 4, and the packed ones whole.
      while (opaque.length < 10 * 4 + 21 + 1) {
        if (Date.now() > deadline) throw new Error(`outsider saw ${opaque.length}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(opaque.filter((m) => m.headers['questline-pack'] === '1').length).toBeGreaterThanOrEqual(21);
    } finally {
      await Promise.all([plain.close(), packed.close(), reader.close(), outsider.close()]);
    }
  });
});

describe('KafkaTransport: consumer lag from the broker', () => {
  it('counts what a group has not committed yet, per topic, and nothing once it has', async () => {
    const transport = new KafkaTransport({ brokers: infraEnv().KAFKA_BROKERS.split(','), clientId: 'lag-test', namespace: `${uniqueId('lag')}.`, partitions: 2 });
    try {
      await transport.ensureTopics(['lagging']);
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      let handled = 0;
      await transport.consume({
        groupId: 'slow',
        topics: ['lagging'],
        handler: async (batch) => {
          await gate;
          handled += batch.length;
        },
      });
      await transport.send('lagging', Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, headers: {} })));
      const lagNow = async () => (await transport.consumerLag()).find((l) => l.groupId === 'slow' && l.topic === 'lagging')?.lag;
      const until = async (want: number) => {
        const deadline = Date.now() + 30_000;
        for (let lag = await lagNow(); lag !== want; lag = await lagNow()) {
          if (Date.now() > deadline) throw new Error(`lag ${lag}, wanted ${want}`);
          await new Promise((r) => setTimeout(r, 500));
        }
      };
      await until(10);
      open();
      await until(0);
      expect(handled).toBe(10);
    } finally {
      await transport.close();
    }
  });
});
