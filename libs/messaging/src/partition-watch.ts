import type { RawDelivered } from './transport.port';

/** A partition whose batch keeps failing in place (the handler throws: the next step cannot be written). */
export interface StalledPartition {
  groupId: string;
  topic: string;
  partition: number;
  /** The first offset of the batch that cannot move. */
  offset: string;
  /** When it first failed (ms since the epoch). */
  since: number;
  attempts: number;
  error: string;
}

/** An operator's request to acknowledge one message without processing it (audited where it is made). */
export interface SkipRequest {
  groupId: string;
  topic: string;
  partition: number;
  offset: string;
}

const slot = (groupId: string, topic: string, partition: number) => `${groupId}\u0000${topic}\u0000${partition}`;

/**
 * What both transports know about partitions that cannot move: which are stalled since when (for
 * readiness and a metric), and which offsets an operator asked to skip. A skip takes effect the
 * next time the batch holding that offset is handed out (the next in-place retry of a stalled
 * batch), in whichever process owns the partition.
 */
export class PartitionWatch {
  private readonly stalls = new Map<string, StalledPartition>();
  private readonly skips = new Map<string, Set<string>>();
  /** Batches whose handler has not answered yet: one that never answers is a stall too. */
  private readonly running = new Map<string, StalledPartition>();

  started(groupId: string, batch: RawDelivered[]): void {
    const head = batch[0];
    if (!head) return;
    this.running.set(slot(groupId, head.topic, head.partition), {
      groupId,
      topic: head.topic,
      partition: head.partition,
      offset: head.offset,
      since: Date.now(),
      attempts: 0,
      error: 'the batch handler has not answered yet',
    });
  }

  finished(groupId: string, topic: string, partition: number): void {
    this.running.delete(slot(groupId, topic, partition));
  }

  failed(groupId: string, batch: RawDelivered[], attempt: number, error: unknown): void {
    const head = batch[0];
    if (!head) return;
    const key = slot(groupId, head.topic, head.partition);
    const before = this.stalls.get(key);
    this.stalls.set(key, {
      groupId,
      topic: head.topic,
      partition: head.partition,
      offset: head.offset,
      since: before && before.offset === head.offset ? before.since : Date.now(),
      attempts: attempt,
      error: (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500),
    });
  }

  succeeded(groupId: string, topic: string, partition: number): void {
    this.stalls.delete(slot(groupId, topic, partition));
  }

  /**
   * This process no longer consumes some of the group's partitions (a rebalance gave them to
   * another member, or the consumer closed): their stalls are not this process's to report. Keeps
   * the partitions `keep` says it still owns; without `keep`, releases all of the group's.
   */
  release(groupId: string, keep: (topic: string, partition: number) => boolean = () => false): void {
    for (const [key, s] of this.stalls) if (s.groupId === groupId && !keep(s.topic, s.partition)) this.stalls.delete(key);
  }

  /** Partitions stalled for at least `minMs`: failing, or in a handler that has not answered for that long. */
  stalled(minMs = 0, now = Date.now()): StalledPartition[] {
    const failing = [...this.stalls.values()].filter((s) => now - s.since >= minMs);
    const seen = new Set(failing.map((s) => slot(s.groupId, s.topic, s.partition)));
    // A handler still running counts only past `minMs` (and at least a second): every batch is briefly in flight.
    const hung = [...this.running.entries()].filter(([key, s]) => !seen.has(key) && now - s.since >= Math.max(minMs, 1_000)).map(([, s]) => s);
    return [...failing, ...hung];
  }

  requestSkip(req: SkipRequest): void {
    const key = slot(req.groupId, req.topic, req.partition);
    const set = this.skips.get(key) ?? new Set<string>();
    set.add(req.offset);
    this.skips.set(key, set);
  }

  /** Splits a batch into what to hand to the handler and what an operator asked to skip (each skip is used once). */
  takeSkips(groupId: string, batch: RawDelivered[]): { keep: RawDelivered[]; skipped: RawDelivered[] } {
    const head = batch[0];
    const set = head ? this.skips.get(slot(groupId, head.topic, head.partition)) : undefined;
    if (!set || set.size === 0) return { keep: batch, skipped: [] };
    const keep: RawDelivered[] = [];
    const skipped: RawDelivered[] = [];
    for (const m of batch) {
      if (set.delete(m.offset)) skipped.push(m);
      else keep.push(m);
    }
    return { keep, skipped };
  }
}
