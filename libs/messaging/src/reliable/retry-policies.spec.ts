import { dlqTopic, Topics, type CanonicalEnvelope, type DeadLetterMessage, type ErrorClass } from '@questline/contracts';
import { InProcessTransport } from '../in-process/in-process-transport';
import { ReliableMessageBus } from './reliable-message-bus';
import { CircuitBreakers, CircuitOpenError, policyDelayMs, SEED_002_RETRY_POLICIES, type CircuitState } from './retry-policies';

/** A Postgres error as pg throws it: a deadlock (retryable, not an outage) or a lost connection (an outage). */
const pgError = (code: string) => Object.assign(new Error(code === '40P01' ? 'deadlock detected' : 'terminating connection due to administrator command'), { code, severity: 'ERROR' });

const waitFor = async (cond: () => boolean, what: string) => {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe("seed 002 §8.1's retry policies", () => {
  it('back off exponentially per class with the seed numbers: database 3 × 100 ms…1 s, kafka 5 × 500 ms…10 s', () => {
    const delays = (cls: ErrorClass) => {
      const p = SEED_002_RETRY_POLICIES[cls]!;
      return Array.from({ length: p.maxRetries }, (_, i) => policyDelayMs(p, i + 1));
    };
    expect(delays('DATABASE')).toEqual([100, 200, 400]);
    expect(delays('NETWORK')).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(policyDelayMs({ maxRetries: 9, initialDelayMs: 500, maxDelayMs: 10_000, backoffFactor: 2 }, 7)).toBe(10_000);
  });
});

describe('the bus with retry policies (in-process transport)', () => {
  const topic = Topics.EventAccepted;
  const setup = async () => {
    const slept: number[] = [];
    const circuits: [ErrorClass, CircuitState][] = [];
    const bus = new ReliableMessageBus(new InProcessTransport(2), {
      retryDelaysMs: [0, 20],
      retryPolicies: { DATABASE: { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 1_000, backoffFactor: 2 } },
      sleep: async (ms) => void slept.push(ms),
      onCircuitChange: (d, s) => void circuits.push([d, s]),
    });
    const dead: DeadLetterMessage[] = [];
    await bus.ensureTopics([topic, dlqTopic(topic)]);
    await bus.subscribeRaw({ groupId: 'dlq-reader', topics: [dlqTopic(topic)], handler: async (b) => void dead.push(...b.map((m) => JSON.parse(m.value!) as DeadLetterMessage)) });
    const publish = (n: number) => bus.publish(topic, [{ key: `k${n}`, value: { id: `e${n}` } as unknown as CanonicalEnvelope }]);
    return { bus, slept, circuits, dead, publish };
  };

  it('retries a DATABASE failure in place with the policy delays (two failures: 100 ms, 200 ms), then processes it once', async () => {
    const { bus, slept, publish } = await setup();
    let calls = 0;
    const done: string[] = [];
    await bus.subscribe({
      groupId: 'g1',
      topics: [topic],
      handler: async (batch) => {
        if (++calls <= 2) throw pgError('40P01');
        done.push(...batch.map((m) => m.value.id));
      },
    });
    await publish(1);
    await waitFor(() => done.length === 1, 'the message processed');
    expect(slept).toEqual([100, 200]);
    expect(done).toEqual(['e1']);
    await bus.close();
  });

  it('after the policy, the retry topics, then the DLQ — with the error class, its stack and the retry count (seed 002 §8.2)', async () => {
    const { bus, slept, dead, publish } = await setup();
    await bus.subscribe({ groupId: 'g2', topics: [topic], handler: async () => Promise.reject(pgError('40P01')) });
    await publish(2);
    await waitFor(() => dead.length === 1, 'a dead letter');
    // 3 in-place retries (100, 200, 400 ms), then one retry topic, then the DLQ.
    expect(slept).toEqual([100, 200, 400]);
    expect(dead[0]).toMatchObject({ originalEvent: { id: 'e2' }, error: { class: 'DATABASE', name: 'Error', message: 'deadlock detected', stack: expect.stringContaining('deadlock detected') }, retryCount: 4, groupId: 'g2' });
    await bus.close();
  });

  it('opens the DATABASE circuit during an outage: the handler is not called, nothing is dead-lettered; it closes when the database is back', async () => {
    const { bus, circuits, dead, publish } = await setup();
    let down = true;
    let calls = 0;
    const done: string[] = [];
    await bus.subscribe({
      groupId: 'g3',
      topics: [topic],
      handler: async (batch) => {
        calls++;
        if (down) throw pgError('57P01');
        done.push(...batch.map((m) => m.value.id));
      },
    });
    await publish(3);
    await waitFor(() => bus.circuit('DATABASE') === 'open', 'the circuit open');
    const whileOpen = calls;
    // Open for the policy's max delay (1 s): no call reaches the handler meanwhile.
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(whileOpen);
    down = false;
    await waitFor(() => done.length === 1, 'the message processed after the outage');
    expect(bus.circuit('DATABASE')).toBe('closed');
    expect(circuits.map(([, s]) => s)).toEqual(['open', 'half-open', 'closed']);
    expect(dead).toEqual([]);
    await bus.close();
  });
});

describe('CircuitBreakers', () => {
  it('opens past maxRetries consecutive outages, lets one probe through after the cooldown, doubles it when the probe fails, closes on success', () => {
    let now = 0;
    const changes: string[] = [];
    const b = new CircuitBreakers({ NETWORK: { maxRetries: 2, initialDelayMs: 10, maxDelayMs: 100, backoffFactor: 2 } }, (d, s, x) => void changes.push(`${d}:${s}:${x.cooldownMs}`), () => now);
    b.failed('NETWORK');
    b.failed('NETWORK');
    expect(() => b.before()).not.toThrow();
    b.failed('NETWORK');
    expect(b.state('NETWORK')).toBe('open');
    expect(() => b.before()).toThrow(CircuitOpenError);
    now = 100;
    expect(() => b.before()).not.toThrow(); // the probe
    expect(() => b.before()).toThrow(CircuitOpenError); // one probe at a time
    b.failed('NETWORK');
    now = 250;
    expect(() => b.before()).toThrow(CircuitOpenError); // reopened for 200 ms
    now = 300;
    expect(() => b.before()).not.toThrow();
    b.succeeded();
    expect(b.state('NETWORK')).toBe('closed');
    expect(changes).toEqual(['NETWORK:open:100', 'NETWORK:half-open:100', 'NETWORK:open:200', 'NETWORK:half-open:200', 'NETWORK:closed:0']);
    // A class without a policy never opens.
    for (let i = 0; i < 10; i++) b.failed('UNKNOWN');
    expect(b.state('UNKNOWN')).toBe('closed');
  });
});
