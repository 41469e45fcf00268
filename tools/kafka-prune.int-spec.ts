import { Kafka, logLevel, type Admin } from 'kafkajs';
import { infraEnv, uniqueId } from '@questline/testing';
import { pruneRunTopics, RUN_NAMESPACE } from './kafka-prune';

jest.setTimeout(60_000);

describe('kafka-prune (real broker)', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = new Kafka({ clientId: 'prune-test', brokers: infraEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it("deletes a run namespace's topics when the broker holds more than the limit, and keeps every other topic", async () => {
    const run = uniqueId('prune');
    const kept = `${uniqueId('keep')}-questline.points.awarded.v1`; // no run namespace: `<prefix>-<hex>` then a dash, not a dot
    const mine = [`${run}.questline.event.accepted.v1`, `${run}.questline.event.accepted.v1.dlq`];
    await admin.createTopics({ topics: [...mine, kept].map((topic) => ({ topic, numPartitions: 2 })), waitForLeaders: true });
    expect(RUN_NAMESPACE.test(mine[0]!)).toBe(true);
    expect(RUN_NAMESPACE.test(kept)).toBe(false);
    const onlyThisRun = new RegExp(`^${run}\\.`);
    // Under the limit: nothing goes.
    expect(await pruneRunTopics(admin, 1_000_000, onlyThisRun)).toBe(0);
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([...mine, kept]));
    // Over it: this run's topics go, the other stays.
    expect(await pruneRunTopics(admin, 0, onlyThisRun)).toBe(2);
    const after = await admin.listTopics();
    expect(after).toContain(kept);
    expect(after.filter((t) => t.startsWith(`${run}.`))).toEqual([]);
    await admin.deleteTopics({ topics: [kept] });
  });
});
