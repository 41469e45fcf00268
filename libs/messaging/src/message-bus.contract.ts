import { dlqTopic, MESSAGE_VERSION_HEADER, messageVersion, Topics, ValidationFailedError, type CanonicalEnvelope, type DeadLetterMessage } from '@questline/contracts';
import type { DeliveredMessage, DeliveryFailure, MessageBus } from './message-bus.port';
import { ReliableMessageBus, RetryHeaders } from './reliable/reliable-message-bus';
import type { RawDelivered, Transport } from './transport.port';

/** Short ladder for tests: attempt 2 immediately, 3 after 300 ms, 4 after 600 ms, then the DLQ. */
export const TEST_RETRY_DELAYS_MS = [0, 300, 600] as const;

/**
 * The behaviour every Transport must show under the ReliableMessageBus, run against the
 * in-process transport (unit) and real Kafka (integration). Test-only; imported by specs.
 */
export function messageBusContract(name: string, makeTransport: () => Promise<Transport>, { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): void {
  const topic = Topics.EventAccepted;
  const msg = (key: string, n: number) => ({ key, value: { id: `${key}-${n}`, payload: { n } } as unknown as CanonicalEnvelope, headers: { 'x-test': `${key}-${n}` } });
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
    let failures: DeliveryFailure[];
    const deadLetters: { value: DeadLetterMessage; raw: RawDelivered }[] = [];
    beforeEach(async () => {
      failures = [];
      deadLetters.length = 0;
      bus = new ReliableMessageBus(await makeTransport(), { retryDelaysMs: TEST_RETRY_DELAYS_MS, onFailure: (f) => void failures.push(f) });
      await bus.ensureTopics([topic, dlqTopic(topic)]);
      await bus.subscribeRaw({
        groupId: group(),
        topics: [dlqTopic(topic)],
        handler: async (batch) => void deadLetters.push(...batch.map((raw) => ({ raw, value: JSON.parse(raw.value!) as DeadLetterMessage }))),
      });
    });
    afterEach(async () => {
      await bus.close();
    });

    it('keeps per-key order and delivers every message to every consumer group', async () => {
      const seenA: DeliveredMessage<typeof topic>[] = [];
      const seenB: DeliveredMessage<typeof topic>[] = [];
      await bus.subscribe({ groupId: group(), topics: [topic], handler: async (b) => void seenA.push(...b) });
      await bus.subscribe({ groupId: group(), topics: [topic], handler: async (b) => void seenB.push(...b) });
      const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
      for (let n = 0; n < 20; n++) await bus.publish(topic, keys.map((k) => msg(k, n)));
      await waitFor(() => seenA.length >= 100 && seenB.length >= 100, '100 messages in both groups');
      for (const seen of [seenA, seenB]) {
        for (const k of keys) {
          const ns = seen.filter((m) => m.key === k).map((m) => (m.value.payload as { n: number }).n);
          expect(ns).toEqual([...Array(20).keys()]);
        }
      }
      expect(seenA[0]!.headers['x-test']).toBe(seenA[0]!.value.id);
      // Every internal message carries its schema version (rolling upgrades: consumers read it).
      expect(seenA.every((m) => m.headers[MESSAGE_VERSION_HEADER] === String(messageVersion(topic)))).toBe(true);
    });

    it('walks a poison message up the retry ladder into the DLQ while the messages behind it are processed on time', async () => {
      const attempts: number[] = [];
      const processedAt = new Map<string, number>();
      const groupId = group();
      const start = Date.now();
      await bus.subscribe({
        groupId,
        topics: [topic],
        handler: async (batch) => {
          for (const m of batch) {
            if (m.value.id === 'p-1') {
              attempts.push(Date.now());
              throw new Error('poison: cannot process p-1');
            }
          }
          for (const m of batch) processedAt.set(m.value.id, Date.now());
        },
      });
      await bus.publish(topic, [msg('p', 0), msg('p', 1), msg('p', 2), msg('p', 3)]);
      await waitFor(() => deadLetters.some((d) => d.value.originalValue?.includes('p-1')), 'p-1 in the DLQ');

      // The messages behind the poison one were processed long before it gave up.
      expect([...processedAt.keys()].sort()).toEqual(['p-0', 'p-2', 'p-3']);
      expect(processedAt.get('p-3')! - start).toBeLessThan(attempts[3]! - start);
      // 1 + 1 immediate + after ~300 ms + after ~600 ms.
      expect(attempts).toHaveLength(4);
      expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(250);
      expect(attempts[3]! - attempts[2]!).toBeGreaterThanOrEqual(550);

      const dead = deadLetters.find((d) => d.value.originalValue?.includes('p-1'))!;
      expect(dead.value).toMatchObject({
        originalEvent: { id: 'p-1', payload: { n: 1 } },
        error: { class: 'UNKNOWN', message: 'poison: cannot process p-1' },
        retryCount: 3,
        attempts: 4,
        groupId,
        origin: { topic, key: 'p', headers: { 'x-test': 'p-1' } },
      });
      expect(dead.raw.headers['x-test']).toBe('p-1');
      expect(failures.filter((f) => f.message.key === 'p').map((f) => f.outcome)).toEqual(['retrying', 'retrying', 'dead_lettered']);
    });

    it('sends non-retryable failures and undecodable messages straight to the DLQ', async () => {
      const calls: string[] = [];
      await bus.subscribe({
        groupId: group(),
        topics: [topic],
        handler: async (batch) => {
          for (const m of batch) calls.push(m.value.id);
          return batch.filter((m) => m.value.id === 'v-0').map((m) => ({ message: m, error: new ValidationFailedError('bad payload', [{ pointer: '/payload/n', detail: 'must be > 0' }]) }));
        },
      });
      await bus.publish(topic, [msg('v', 0)]);
      await bus.publishRaw(topic, [{ key: 'v', value: '{not json' }, { key: 'v', value: JSON.stringify(msg('v', 1).value) }]);
      await waitFor(() => deadLetters.length >= 2 && calls.includes('v-1'), 'two dead letters and v-1 processed');
      expect(calls.filter((c) => c === 'v-0')).toHaveLength(1);
      const classes = deadLetters.map((d) => [d.value.originalValue, d.value.error.class, d.value.attempts]);
      expect(classes).toEqual(
        expect.arrayContaining([
          [expect.stringContaining('v-0'), 'VALIDATION', 1],
          ['{not json', 'VALIDATION', 1],
        ]),
      );
    });

    it('processes a transiently failing message exactly once after a retry, and replays a dead letter to its own group only', async () => {
      const groupA = group();
      const doneA: string[] = [];
      const doneB: string[] = [];
      const headersA: Record<string, string>[] = [];
      let broken = true;
      await bus.subscribe({
        groupId: groupA,
        topics: [topic],
        handler: async (batch) => {
          if (broken && batch.some((m) => m.value.id === 'r-0')) throw new Error('dependency down');
          doneA.push(...batch.map((m) => m.value.id));
          headersA.push(...batch.map((m) => m.headers));
        },
      });
      await bus.subscribe({ groupId: group(), topics: [topic], handler: async (batch) => void doneB.push(...batch.map((m) => m.value.id)) });
      await bus.publish(topic, [msg('r', 0)]);
      await waitFor(() => deadLetters.length === 1 && doneB.includes('r-0'), 'r-0 dead-lettered in group A');
      expect(doneA).toEqual([]);

      broken = false; // the cause is fixed: replay the dead letter
      const d = deadLetters[0]!.value;
      await bus.redeliver([{ originTopic: d.origin.topic, groupId: d.groupId, key: d.origin.key, value: d.originalValue, headers: d.origin.headers }]);
      await waitFor(() => doneA.includes('r-0'), 'r-0 replayed in group A');
      await new Promise((r) => setTimeout(r, 300));
      expect(doneA).toEqual(['r-0']);
      expect(doneB).toEqual(['r-0']);
      // The replay came through the group's retry topic: the handler sees the message's own headers, not the ladder's.
      expect(headersA[0]!['x-test']).toBe('r-0');
      expect(Object.keys(headersA[0]!).filter((k) => (Object.values(RetryHeaders) as string[]).includes(k) || k === 'questline-dlq-group')).toEqual([]);
    });

    it('commits after the handler resolves: a restarted group member does not see acknowledged messages again', async () => {
      const groupId = group();
      const first: string[] = [];
      const sub1 = await bus.subscribe({ groupId, topics: [topic], handler: async (b) => void first.push(...b.map((m) => m.value.id)) });
      await bus.publish(topic, [msg('c', 0), msg('c', 1)]);
      await waitFor(() => first.length === 2, 'first two messages');
      await sub1.close();

      const second: string[] = [];
      await bus.subscribe({ groupId, topics: [topic], handler: async (b) => void second.push(...b.map((m) => m.value.id)) });
      await bus.publish(topic, [msg('c', 2)]);
      await waitFor(() => second.includes('c-2'), 'the new message');
      expect(second).toEqual(['c-2']);
    });
    it('moves a poison message off its partition whatever it is: too large to dead-letter whole, 10,000 levels deep, huge headers', async () => {
      const done: string[] = [];
      await bus.subscribe({
        groupId: group(),
        topics: [topic],
        handler: async (batch) => {
          done.push(...batch.filter((m) => m.value.id !== 'big').map((m) => m.value.id));
          return batch.filter((m) => m.value.id === 'big').map((m) => ({ message: m, error: new ValidationFailedError('schema_validation_failed') }));
        },
      });
      const big = JSON.stringify({ id: 'big', padding: 'x'.repeat(900_000) }); // under the broker's limit; its dead letter would not be, whole
      const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
      await bus.publishRaw(topic, [
        { key: 'p', value: big },
        { key: 'p', value: deep },
        { key: 'p', value: '{"id":"headers"', headers: { 'x-huge': 'h'.repeat(60_000) } },
        { key: 'p', value: JSON.stringify(msg('p', 1).value) },
      ]);
      await waitFor(() => deadLetters.length >= 3 && done.includes('p-1'), 'three dead letters and the valid message behind them');
      const bigLetter = deadLetters.find((d) => d.value.originalRef?.bytes === Buffer.byteLength(big))!;
      expect(bigLetter.value).toMatchObject({ originalValue: null, originalEvent: null, error: { class: 'VALIDATION' } });
      expect(bigLetter.value.originalRef!.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(bigLetter.raw.value!.length).toBeLessThan(300_000);
      const deepLetter = deadLetters.find((d) => d.value.originalValue === deep)!;
      expect(deepLetter.value).toMatchObject({ originalEvent: null, error: { class: 'VALIDATION', message: expect.stringContaining('deeper than') } });
      const headerLetter = deadLetters.find((d) => d.value.originalValue === '{"id":"headers"')!;
      expect(headerLetter.value.origin.headers).toEqual({ 'questline-headers-truncated': 'true' });
    });

    it('sends a call whose messages together exceed the broker limit (one partition), in order', async () => {
      const seen: string[] = [];
      await bus.subscribe({ groupId: group(), topics: [topic], handler: async (batch) => void seen.push(...batch.map((m) => m.value.id)) });
      const pad = 'y'.repeat(100_000);
      await bus.publish(topic, Array.from({ length: 24 }, (_, n) => ({ key: 'same', value: { id: `s-${n}`, payload: { pad } } as unknown as CanonicalEnvelope })));
      await waitFor(() => seen.length >= 24, '24 messages of 100 KB');
      expect(seen).toEqual(Array.from({ length: 24 }, (_, n) => `s-${n}`));
    });

    it('reports a partition whose batch keeps failing in place as stalled, and moves on past an offset an operator skips', async () => {
      const groupId = group();
      const done: string[] = [];
      const stuck = dlqTopic(`${topic}.stall-${Math.random().toString(36).slice(2, 8)}`);
      await bus.ensureTopics([stuck]);
      await bus.subscribeRaw({
        groupId,
        topics: [stuck],
        retry: false, // like the DLQ indexer: never skips on its own
        handler: async (batch) => {
          if (batch.some((m) => m.value === 'poison')) throw new Error('cannot be indexed');
          done.push(...batch.map((m) => m.value!));
        },
      });
      await bus.publishRaw(stuck, [{ key: 'k', value: 'poison' }, { key: 'k', value: 'after' }]);
      await waitFor(() => bus.stalled().some((s) => s.groupId === groupId), 'the partition reported stalled');
      const s = bus.stalled().find((x) => x.groupId === groupId)!;
      expect(s).toMatchObject({ topic: stuck, error: expect.stringContaining('cannot be indexed') });
      expect(bus.stalled(60_000).some((x) => x.groupId === groupId)).toBe(false); // not yet for a minute
      bus.skip({ groupId, topic: stuck, partition: s.partition, offset: s.offset });
      await waitFor(() => done.includes('after'), 'the message behind the skipped one');
      expect(done).toEqual(['after']);
      expect(bus.stalled().some((x) => x.groupId === groupId)).toBe(false);
    });
  });
}
