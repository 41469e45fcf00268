import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConsumerGroups, Topics } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { RecordNotificationsUseCase } from '../usecases/record-notifications/record-notifications.usecase';

@Injectable()
export class OutcomesConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly record: RecordNotificationsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: ConsumerGroups.Notifications,
      topics: [Topics.PointsAwarded, Topics.AchievementUnlocked],
      handler: (batch) => this.record.execute(batch),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.close();
  }
}
