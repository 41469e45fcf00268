import type { Logger } from '../logging/logger';

/**
 * Runs `run` every `everyMs`, never two passes at once (a slow pass skips ticks rather than
 * piling up); a failed pass is logged and retried on the next tick. `stop` waits for the pass in
 * flight, so shutdown never cuts a job's transaction short.
 */
export class PeriodicJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.run()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.warn({ err, job: this.name }, `${this.name} failed; retrying next tick`))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
