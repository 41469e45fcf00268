import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ALL_TOPICS, ConsumerGroups, dlqTopic } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { inboundTopics } from '../consumers/inbound-events.consumer';
import { DeadLettersService } from './dead-letters.service';

/** Indexes every platform DLQ topic into Postgres. No retry ladder of its own: it retries in place. */
@Injectable()
export class DeadLetterIndexer implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    private readonly deadLetters: DeadLettersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const owners = inboundTopics(this.packs);
    const topics = [...ALL_TOPICS, ...owners.keys()].map(dlqTopic);
    await this.deadLetters.refreshGauge();
    this.subscription = await this.bus.subscribeRaw({
      groupId: ConsumerGroups.DeadLetters,
      topics,
      retry: false,
      handler: (batch) => this.deadLetters.index(batch, (topic) => owners.get(topic) ?? null),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
  }
}
