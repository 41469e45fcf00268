import { Inject, Injectable } from '@nestjs/common';
import { ConsumerGroups, Topics } from '@questline/contracts';
import { BusConsumer, MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { RecordNotificationsUseCase } from '../usecases/record-notifications/record-notifications.usecase';

@Injectable()
export class OutcomesConsumer extends BusConsumer {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly record: RecordNotificationsUseCase,
  ) {
    super();
  }

  protected subscribe(): Promise<Subscription> {
    return this.bus.subscribe({
      groupId: ConsumerGroups.Notifications,
      topics: [Topics.PointsAwarded, Topics.BalanceChanged, Topics.AchievementUnlocked, Topics.ProgressUpdated, Topics.AchievementRevoked, Topics.LeaderboardRank, Topics.RedemptionUpdated],
      handler: (batch) => this.record.execute(batch),
    });
  }
}
