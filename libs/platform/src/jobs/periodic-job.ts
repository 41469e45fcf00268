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

/**
 * A provider that runs one PeriodicJob while the application is up: started once every module is
 * ready, stopped (waiting for the pass in flight) on shutdown. Subclasses call `schedule` in
 * their constructor.
 */
export abstract class Scheduled {
  private job?: PeriodicJob;

  protected schedule(name: string, everyMs: number, run: () => Promise<unknown>, logger: Pick<Logger, 'warn'>): void {
    this.job = new PeriodicJob(name, everyMs, run, logger);
  }

  onApplicationBootstrap(): void {
    this.job?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job?.stop();
  }
}
