import { Topics, type CanonicalEnvelope } from '@questline/contracts';
import type { DeliveredMessage, MessageBus } from './message-bus.port';

/**
 * The behaviour every MessageBus adapter must show, run against the in-process bus (unit) and
 * against real Kafka (integration). Test-only; imported by *.spec.ts / *.int-spec.ts.
 */
export function messageBusContract(
  name: string,
  makeBus: () => Promise<MessageBus>,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): void {
  const topic = Topics.EventAccepted;
  const msg = (key: string, n: number) => ({ key, value: { id: `${key}-${n}`, payload: { n } } as unknown as CanonicalEnvelope });
  const waitFor = async (cond: () => boolean, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const group = () => `contract-${Math.random().toString(36).slice(2, 10)}`;

  describe(`MessageBus contract: ${name}`, () => {
    let bus: MessageBus;
    beforeEach(async () => {
      bus = await makeBus();
      await bus.ensureTopics([topic]);
    });
    afterEach(async () => {
      await bus.close();
    });

    it('keeps per-key order and delivers every message to every consumer group', async () => {
      const seenA: DeliveredMessage<typeof topic>[] = [];
      const seenB: DeliveredMessage<typeof topic>[] = [];
      const subA = await bus.subscribe({ groupId: group(), topics: [topic], handler: async (b) => void seenA.push(...b) });
      const subB = await bus.subscribe({ groupId: group(), topics: [topic], handler: async (b) => void seenB.push(...b) });
      const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
      for (let n = 0; n < 20; n++) await bus.publish(topic, keys.map((k) => msg(k, n)));
      await waitFor(() => seenA.length >= 100 && seenB.length >= 100, '100 messages in both groups');
      for (const seen of [seenA, seenB]) {
        for (const k of keys) {
          const ns = seen.filter((m) => m.key === k).map((m) => (m.value.payload as { n: number }).n);
          expect(ns).toEqual([...Array(20).keys()]);
        }
      }
      await subA.close();
      await subB.close();
    });

    it('redelivers a batch whose handler failed, without losing the messages behind it (at-least-once)', async () => {
      const seen: string[] = [];
      let failures = 0;
      const sub = await bus.subscribe({
        groupId: group(),
        topics: [topic],
        handler: async (batch) => {
          if (batch.some((m) => m.value.id === 'p-1') && failures < 2) {
            failures++;
            throw new Error('transient failure');
          }
          seen.push(...batch.map((m) => m.value.id));
        },
      });
      await bus.publish(topic, [msg('p', 0), msg('p', 1), msg('p', 2)]);
      await waitFor(() => seen.includes('p-2'), 'the message after the failing one');
      expect(failures).toBe(2);
      expect(seen.filter((id) => id === 'p-1')).toHaveLength(1);
      expect(seen.indexOf('p-1')).toBeLessThan(seen.indexOf('p-2'));
      await sub.close();
    });

    it('commits after the handler resolves: a restarted group member does not see acknowledged messages again', async () => {
      const groupId = group();
      const first: string[] = [];
      const sub1 = await bus.subscribe({ groupId, topics: [topic], handler: async (b) => void first.push(...b.map((m) => m.value.id)) });
      await bus.publish(topic, [msg('c', 0), msg('c', 1)]);
      await waitFor(() => first.length === 2, 'first two messages');
      await sub1.close();

      const second: string[] = [];
      const sub2 = await bus.subscribe({ groupId, topics: [topic], handler: async (b) => void second.push(...b.map((m) => m.value.id)) });
      await bus.publish(topic, [msg('c', 2)]);
      await waitFor(() => second.includes('c-2'), 'the new message');
      expect(second).toEqual(['c-2']);
      await sub2.close();
    });
  });
}
