/**
 * Group commit: concurrent callers' items are written together. While fewer than `maxInFlight`
 * flushes are running, items queued in the current event-loop turn are flushed at once (no added
 * latency when idle); under load, items pile up behind the running flushes and go out as one
 * bigger batch (one INSERT and one Kafka request for many HTTP requests).
 *
 * Not DataLoader: it batches per tick with no bound on concurrent batches, so under load it sends
 * many tiny batches at once instead of fewer, larger ones.
 */
export class GroupCommit<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly flushFn: (items: I[]) => Promise<O[]>,
    private readonly options: {
      maxItems: number;
      maxInFlight: number;
      /**
       * Errors that belong to one item, not to the group (the database refused a value): the group
       * is split in halves and flushed again until the refused items are alone, so one caller's bad
       * item never fails the others'. Other errors (the database is down) fail the whole group.
       */
      isolate?: (err: unknown) => boolean;
    },
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  submitMany(items: I[]): Promise<O[]> {
    return Promise.all(items.map((i) => this.submit(i)));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= this.options.maxInFlight || this.queue.length === 0) return;
    const group = this.queue.splice(0, this.options.maxItems);
    this.inFlight++;
    void this.flushIsolating(group).finally(() => {
      this.inFlight--;
      this.schedule();
    });
    this.schedule();
  }

  private async flushIsolating(group: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[]): Promise<void> {
    try {
      const results = await this.flushFn(group.map((g) => g.item));
      group.forEach((g, i) => g.resolve(results[i]!));
    } catch (err) {
      if (group.length === 1 || !this.options.isolate?.(err)) {
        group.forEach((g) => g.reject(err));
        return;
      }
      const half = Math.ceil(group.length / 2);
      await this.flushIsolating(group.slice(0, half));
      await this.flushIsolating(group.slice(half));
    }
  }
}
