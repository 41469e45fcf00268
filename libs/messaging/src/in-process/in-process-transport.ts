import type { ConsumeOptions, Headers, RawDelivered, RawOutgoing, Subscription, Transport } from '../transport.port';
import { MAX_MESSAGE_BYTES, MessageTooLargeError, messageBytes, msUntilDue } from '../transport.port';
import { PartitionWatch, type SkipRequest, type StalledPartition } from '../partition-watch';
import { partitionFor } from '../partitioner';
import { injectTraceContext } from '../trace-context';
import { redeliveryDelayMs, sleep } from '../retry';

interface StoredMessage {
  key: string;
  value: string | null; // serialised, as on the wire: consumers never share objects with producers
  headers: Headers;
  timestamp: number;
}

interface Member {
  options: ConsumeOptions;
}

interface Group {
  /** committed offset per `${topic}/${partition}` */
  committed: Map<string, number>;
  members: Member[];
  /** partitions currently being drained, to keep one worker per partition */
  running: Set<string>;
}

/**
 * The standalone mode's transport: the same semantics as the Kafka adapter, in one process.
 * Topics have N partitions (Kafka's murmur2 partitioner on the key), so per-key order holds;
 * every consumer group reads every message; within a group each partition is owned by one
 * member (round-robin); a batch is committed only after its handler resolves, and a throwing
 * handler gets the batch again after a backoff (at-least-once); a partition whose head message
 * is not yet due (DUE_AT_HEADER) waits for it.
 */
export class InProcessTransport implements Transport {
  private readonly logs = new Map<string, StoredMessage[][]>();
  private readonly groups = new Map<string, Group>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly watch = new PartitionWatch();
  private closed = false;

  constructor(
    private readonly partitions = 4,
    private readonly log?: { debug?(obj: object, msg: string): void; warn?(obj: object, msg: string): void; error(obj: object, msg: string): void },
    /** The same limit a Kafka broker applies (message.max.bytes), so standalone mode fails the same way. */
    private readonly maxMessageBytes = MAX_MESSAGE_BYTES,
  ) {}

  async ensureTopics(topics: readonly string[]): Promise<void> {
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

  async send(topic: string, messages: RawOutgoing[]): Promise<void> {
    if (this.closed) throw new Error('transport is closed');
    for (const m of messages) {
      const bytes = messageBytes(m);
      if (bytes > this.maxMessageBytes) throw new MessageTooLargeError(topic, bytes);
    }
    const parts = this.partitionsOf(topic);
    const touched = new Set<number>();
    const now = Date.now();
    for (const m of messages) {
      const p = partitionFor(m.key, this.partitions);
      parts[p]!.push({ key: m.key, value: m.value, headers: injectTraceContext({ ...m.headers }), timestamp: now });
      touched.add(p);
    }
    for (const group of this.groups.values()) for (const p of touched) this.kick(group, topic, p);
  }

  async consume(options: ConsumeOptions): Promise<Subscription> {
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = { committed: new Map(), members: [], running: new Set() };
      this.groups.set(options.groupId, group);
    }
    const member: Member = { options };
    group.members.push(member);
    const g = group;
    for (const topic of options.topics) for (let p = 0; p < this.partitions; p++) this.kick(g, topic, p);
    return {
      close: async () => {
        g.members = g.members.filter((m) => m !== member);
        // wait for in-flight batches of this group to settle
        while (g.running.size > 0 && g.members.length === 0) await sleep(5);
      },
    };
  }

  /** The member that owns (topic, partition) in this group, or undefined. */
  private owner(group: Group, topic: string, partition: number): Member | undefined {
    const candidates = group.members.filter((m) => m.options.topics.includes(topic));
    if (candidates.length === 0) return undefined;
    return candidates[partition % candidates.length];
  }

  private kick(group: Group, topic: string, partition: number): void {
    const slot = `${topic}/${partition}`;
    if (this.closed || group.running.has(slot)) return;
    if (!this.owner(group, topic, partition)) return;
    group.running.add(slot);
    void this.drain(group, topic, partition).then((waitMs) => {
      group.running.delete(slot);
      if (waitMs > 0) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.kick(group, topic, partition);
        }, waitMs);
        this.timers.add(timer);
      } else if ((group.committed.get(slot) ?? 0) < this.partitionsOf(topic)[partition]!.length) {
        // Messages published while the worker was finishing would otherwise wait for the next publish.
        this.kick(group, topic, partition);
      }
    });
  }

  /** Delivers until the partition is drained (returns 0) or its head is not yet due (returns ms to wait). */
  private async drain(group: Group, topic: string, partition: number): Promise<number> {
    const slot = `${topic}/${partition}`;
    const log = this.partitionsOf(topic)[partition]!;
    let attempt = 0;
    await Promise.resolve(); // let the publisher finish its call stack first
    while (!this.closed) {
      const member = this.owner(group, topic, partition);
      if (!member) return 0;
      const from = group.committed.get(slot) ?? 0;
      if (from >= log.length) return 0;
      const upTo = Math.min(log.length, from + (member.options.maxBatchSize ?? 500));
      const batch: RawDelivered[] = [];
      let waitMs = 0;
      for (let offset = from; offset < upTo; offset++) {
        const m = log[offset]!;
        const wait = msUntilDue(m.headers);
        if (wait > 0) {
          waitMs = wait;
          break;
        }
        batch.push({ topic, partition, offset: String(offset), key: m.key, value: m.value, headers: { ...m.headers }, timestamp: m.timestamp });
      }
      if (batch.length === 0) return waitMs;
      const { keep, skipped } = this.watch.takeSkips(member.options.groupId, batch);
      for (const m of skipped) this.log?.warn?.({ topic, partition, offset: m.offset, group: member.options.groupId }, 'message skipped by an operator');
      try {
        if (keep.length > 0) await member.options.handler(keep);
        group.committed.set(slot, from + batch.length);
        this.watch.succeeded(member.options.groupId, topic, partition);
        attempt = 0;
      } catch (err) {
        attempt++;
        this.watch.failed(member.options.groupId, batch, attempt, err);
        this.log?.[(err as Error)?.name === 'CircuitOpenError' ? 'debug' : 'error']?.({ err, topic, partition, attempt, group: member.options.groupId }, 'batch handler failed; redelivering in place');
        await sleep(redeliveryDelayMs(attempt));
      }
    }
    return 0;
  }

  async isHealthy(): Promise<boolean> {
    return !this.closed;
  }

  stalled(minMs = 0): StalledPartition[] {
    return this.watch.stalled(minMs);
  }

  skip(request: SkipRequest): void {
    this.watch.requestSkip(request);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const g of this.groups.values()) while (g.running.size > 0) await sleep(5);
  }
}
