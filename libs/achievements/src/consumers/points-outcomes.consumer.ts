import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConsumerGroups, Topics } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { EvaluateAchievementsUseCase } from '../usecases/evaluate-achievements/evaluate-achievements.usecase';

@Injectable()
export class PointsOutcomesConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly evaluate: EvaluateAchievementsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: ConsumerGroups.Achievements,
      topics: [Topics.PointsAwarded],
      handler: (batch) => this.evaluate.execute(batch.map((m) => m.value)),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
  }
}
