import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from './transport.port';

/**
 * A service's consumer: subscribes once the application has started (every provider and topic
 * is ready) and closes its subscription on shutdown, before the bus itself closes.
 */
export abstract class BusConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;

  protected abstract subscribe(): Promise<Subscription>;

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.subscribe();
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
  }
}
