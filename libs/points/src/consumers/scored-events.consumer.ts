import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConsumerGroups, Topics } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { RecordAwardsUseCase } from '../usecases/record-awards/record-awards.usecase';

@Injectable()
export class ScoredEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly recordAwards: RecordAwardsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: ConsumerGroups.Points,
      topics: [Topics.EventScored],
      handler: (batch) => this.recordAwards.execute(batch.map((m) => m.value)),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
  }
}
