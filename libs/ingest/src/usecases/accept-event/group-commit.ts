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
    private readonly options: { maxItems: number; maxInFlight: number },
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
    this.flushFn(group.map((g) => g.item)).then(
      (results) => group.forEach((g, i) => g.resolve(results[i]!)),
      (err: unknown) => group.forEach((g) => g.reject(err)),
    ).finally(() => {
      this.inFlight--;
      this.schedule();
    });
    this.schedule();
  }
}
