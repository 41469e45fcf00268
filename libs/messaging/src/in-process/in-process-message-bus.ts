import type { TopicName } from '@questline/contracts';
import type {
  DeliveredMessage,
  Headers,
  MessageBus,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
} from '../message-bus.port';
import { partitionFor } from '../partitioner';
import { injectTraceContext, withConsumerSpan } from '../trace-context';
import { redeliveryDelayMs, sleep } from '../retry';

interface StoredMessage {
  key: string;
  value: string; // serialised, as on the wire: consumers never share objects with producers
  headers: Headers;
}

interface Member {
  id: number;
  options: SubscribeOptions<TopicName>;
  closed: boolean;
}

interface Group {
  /** committed offset per `${topic}/${partition}` */
  committed: Map<string, number>;
  members: Member[];
  /** partitions currently being drained, to keep one worker per partition */
  running: Set<string>;
}

/**
 * The standalone mode's bus: the same semantics as the Kafka adapter, in one process.
 * Topics have N partitions (Kafka's murmur2 partitioner on the key), so per-key order holds;
 * every consumer group reads every message; within a group each partition is owned by one
 * member (round-robin); a batch is committed only after its handler resolves, and a failing
 * batch is redelivered after a backoff (at-least-once). Messages are serialised on publish.
 */
export class InProcessMessageBus implements MessageBus {
  private readonly logs = new Map<string, StoredMessage[][]>();
  private readonly groups = new Map<string, Group>();
  private nextMemberId = 1;
  private closed = false;

  constructor(
    private readonly partitions = 4,
    private readonly log?: { error(obj: object, msg: string): void },
  ) {}

  async ensureTopics(topics: readonly TopicName[]): Promise<void> {
    for (const t of topics) this.partitionsOf(t);
  }

  private partitionsOf(topic: string): StoredMessage[][] {
    let p = this.logs.get(topic);
    if (!p) {
      p = Array.from({ length: this.partitions }, () => []);
      this.logs.set(topic, p);
    }
    return p;
  }

  async publish<T extends TopicName>(topic: T, messages: OutgoingMessage<T>[]): Promise<void> {
    if (this.closed) throw new Error('message bus is closed');
    const parts = this.partitionsOf(topic);
    const touched = new Set<number>();
    for (const m of messages) {
      const p = partitionFor(m.key, this.partitions);
      parts[p]!.push({ key: m.key, value: JSON.stringify(m.value), headers: injectTraceContext({ ...m.headers }) });
      touched.add(p);
    }
    for (const group of this.groups.values()) for (const p of touched) this.kick(group, topic, p);
  }

  async subscribe<T extends TopicName>(options: SubscribeOptions<T>): Promise<Subscription> {
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = { committed: new Map(), members: [], running: new Set() };
      this.groups.set(options.groupId, group);
    }
    const member: Member = { id: this.nextMemberId++, options: options as unknown as SubscribeOptions<TopicName>, closed: false };
    group.members.push(member);
    const g = group;
    for (const topic of options.topics) for (let p = 0; p < this.partitions; p++) this.kick(g, topic, p);
    return {
      close: async () => {
        member.closed = true;
        g.members = g.members.filter((m) => m !== member);
        // wait for in-flight batches of this group to settle
        while (g.running.size > 0 && g.members.length === 0) await sleep(5);
      },
    };
  }

  /** The member that owns (topic, partition) in this group, or undefined. */
  private owner(group: Group, topic: string, partition: number): Member | undefined {
    const candidates = group.members.filter((m) => (m.options.topics as string[]).includes(topic));
    if (candidates.length === 0) return undefined;
    return candidates[partition % candidates.length];
  }

  private kick(group: Group, topic: string, partition: number): void {
    const slot = `${topic}/${partition}`;
    if (this.closed || group.running.has(slot)) return;
    if (!this.owner(group, topic, partition)) return;
    group.running.add(slot);
    void this.drain(group, topic, partition).finally(() => {
      group.running.delete(slot);
      // Messages published while the worker was finishing would otherwise wait for the next publish.
      if ((group.committed.get(slot) ?? 0) < this.partitionsOf(topic)[partition]!.length) this.kick(group, topic, partition);
    });
  }

  private async drain(group: Group, topic: string, partition: number): Promise<void> {
    const slot = `${topic}/${partition}`;
    const log = this.partitionsOf(topic)[partition]!;
    let attempt = 0;
    await Promise.resolve(); // let the publisher finish its call stack first
    while (!this.closed) {
      const member = this.owner(group, topic, partition);
      if (!member) return;
      const from = group.committed.get(slot) ?? 0;
      if (from >= log.length) return;
      const upTo = Math.min(log.length, from + (member.options.maxBatchSize ?? 500));
      const batch: DeliveredMessage<TopicName>[] = [];
      for (let offset = from; offset < upTo; offset++) {
        const m = log[offset]!;
        batch.push({ topic: topic as TopicName, partition, offset: String(offset), key: m.key, value: JSON.parse(m.value), headers: { ...m.headers } });
      }
      try {
        await withConsumerSpan(`${topic} process`, batch[0]!.headers, { 'messaging.system': 'in-process', 'messaging.destination.name': topic, 'messaging.batch.message_count': batch.length }, () => member.options.handler(batch));
        group.committed.set(slot, upTo);
        attempt = 0;
      } catch (err) {
        attempt++;
        this.log?.error({ err, topic, partition, attempt, group: member.options.groupId }, 'batch handler failed; redelivering');
        await sleep(redeliveryDelayMs(attempt));
      }
    }
  }

  /** Messages published but not yet committed by a group (tests and readiness use it). */
  lag(groupId: string): number {
    const group = this.groups.get(groupId);
    if (!group) return 0;
    let lag = 0;
    for (const [topic, parts] of this.logs) {
      parts.forEach((log, p) => {
        if (this.owner(group, topic, p)) lag += log.length - (group.committed.get(`${topic}/${p}`) ?? 0);
      });
    }
    return lag;
  }

  async isHealthy(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const g of this.groups.values()) while (g.running.size > 0) await sleep(5);
  }
}
