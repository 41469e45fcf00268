import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConsumerGroups, Topics } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { ScoreEventsUseCase } from '../usecases/score-events/score-events.usecase';

@Injectable()
export class AcceptedEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly scoreEvents: ScoreEventsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: ConsumerGroups.RulesEngine,
      topics: [Topics.EventAccepted],
      handler: (batch) => this.scoreEvents.execute(batch.map((m) => m.value)),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
  }
}
