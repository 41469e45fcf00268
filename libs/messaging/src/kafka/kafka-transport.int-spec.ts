import { infraEnv, uniqueId } from '@questline/testing';
import { KafkaTransport } from './kafka-transport';
import { messageBusContract } from '../message-bus.contract';

jest.setTimeout(90_000);

// Each test gets its own namespace: fresh topics and groups on the real broker.
messageBusContract('kafka', async () =>
  new KafkaTransport({ brokers: infraEnv().KAFKA_BROKERS.split(','), clientId: 'contract-test', namespace: `${uniqueId('it')}.`, partitions: 3 }),
);

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
