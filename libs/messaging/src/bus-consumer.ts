import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from './transport.port';

/**
 * A service's consumer: subscribes once the application has started (every provider and topic
 * is ready) and closes its subscription on shutdown, before the bus itself closes.
 *
 * A consumer whose topics follow changing state (ingest's inbound topics follow the tenants'
 * active packs) overrides `topicsKey()`: it is read every `followIntervalMs`, and when it changes
 * the consumer closes its subscription (committing what it processed) and subscribes again — so a
 * pack activated at run time is consumed, with its dead-letter topic, without a restart.
 */
export abstract class BusConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;
  private subscribedKey: string | undefined;
  private timer?: NodeJS.Timeout;
  private following?: Promise<void>;
  private closed = false;
  protected followIntervalMs = 1_000;

  protected abstract subscribe(): Promise<Subscription>;

  /** What the topics depend on, as a string; `undefined` (the default): fixed topics. */
  protected topicsKey(): string | undefined {
    return undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscribedKey = this.topicsKey();
    this.subscription = await this.subscribe();
    if (this.subscribedKey === undefined) return;
    this.timer = setInterval(() => {
      this.following ??= this.follow().finally(() => (this.following = undefined));
    }, this.followIntervalMs);
    this.timer.unref();
  }

  /**
   * Re-subscribes when the topics changed, or while the last attempt failed (the next tick tries
   * again, whatever the key: topics changed back to the old ones must not leave it unsubscribed).
   */
  private async follow(): Promise<void> {
    const key = this.topicsKey();
    if (this.closed || (key === this.subscribedKey && this.subscription)) return;
    await this.subscription?.close();
    this.subscription = undefined;
    if (this.closed) return;
    this.subscription = await this.subscribe().catch((err: unknown) => {
      this.onFollowError(err);
      return undefined;
    });
    if (this.subscription) this.subscribedKey = key;
  }

  /** A failed re-subscription (retried every tick): the consumer logs it; nothing is consumed until one succeeds. */
  protected onFollowError(_err: unknown): void {}

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.following;
    await this.subscription?.close();
  }
}
