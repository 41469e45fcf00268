import { Kafka, logLevel, type Admin } from 'kafkajs';
import { infraEnv, uniqueId } from '@questline/testing';
import { pruneRunTopics, RUN_NAMESPACE } from './kafka-prune';

jest.setTimeout(90_000);

describe('kafka-prune (real broker)', () => {
  const kafka = new Kafka({ clientId: 'prune-test', brokers: infraEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  let admin: Admin;
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it("deletes a finished run's topics when the broker holds more than the limit, and keeps a run in progress (its group has members) and every other topic", async () => {
    const [done, live] = [uniqueId('prunea'), uniqueId('pruneb')];
    const kept = `${uniqueId('keep')}-questline.points.awarded.v1`; // `<prefix>-<hex>` then a dash: not a run namespace
    const doneTopics = [`${done}.questline.event.accepted.v1`, `${done}.questline.event.accepted.v1.dlq`];
    const liveTopic = `${live}.questline.event.accepted.v1`;
    await admin.createTopics({ topics: [...doneTopics, liveTopic, kept].map((topic) => ({ topic, numPartitions: 2 })), waitForLeaders: true });
    expect([...doneTopics, liveTopic].every((t) => RUN_NAMESPACE.test(t))).toBe(true);
    expect(RUN_NAMESPACE.test(kept)).toBe(false);
    // The live run: a consumer group of its namespace with a member.
    const consumer = kafka.consumer({ groupId: `${live}.questline.rules-engine` });
    const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
    await consumer.connect();
    await consumer.subscribe({ topics: [liveTopic] });
    await consumer.run({ eachMessage: async () => undefined });
    await joined;
    const both = new RegExp(`^(${done}|${live})\\.`);
    try {
      // Under the limit: nothing goes.
      expect(await pruneRunTopics(admin, 1_000_000, both)).toBe(0);
      expect(await admin.listTopics()).toEqual(expect.arrayContaining([...doneTopics, liveTopic, kept]));
      // Over it: the finished run's topics go; the live run's and the other topic stay.
      expect(await pruneRunTopics(admin, 0, both)).toBe(2);
      let after = await admin.listTopics();
      expect(after).toEqual(expect.arrayContaining([liveTopic, kept]));
      expect(after.filter((t) => t.startsWith(`${done}.`))).toEqual([]);
      // Once its consumers have gone, the live run's topics go too.
      await consumer.disconnect();
      expect(await pruneRunTopics(admin, 0, both)).toBe(1);
      after = await admin.listTopics();
      expect(after).toContain(kept);
      expect(after.filter((t) => t.startsWith(`${live}.`))).toEqual([]);
    } finally {
      await consumer.disconnect();
      const left = await admin.listTopics();
      await admin.deleteTopics({ topics: [kept, liveTopic, ...doneTopics].filter((t) => left.includes(t)) }).catch(() => undefined);
    }
  });
});
