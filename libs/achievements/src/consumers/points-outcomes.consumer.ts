import { Inject, Injectable } from '@nestjs/common';
import { ConsumerGroups, Topics } from '@questline/contracts';
import { BusConsumer, MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { EvaluateAchievementsUseCase } from '../usecases/evaluate-achievements/evaluate-achievements.usecase';

@Injectable()
export class PointsOutcomesConsumer extends BusConsumer {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly evaluate: EvaluateAchievementsUseCase,
  ) {
    super();
  }

  protected subscribe(): Promise<Subscription> {
    return this.bus.subscribe({
      groupId: ConsumerGroups.Achievements,
      topics: [Topics.PointsAwarded, Topics.ProgressUpdated, Topics.LeaderboardRank],
      handler: (batch) =>
        this.evaluate.execute(
          batch.flatMap((m) => (m.topic === Topics.PointsAwarded ? [m.value] : [])),
          batch.flatMap((m) => (m.topic === Topics.ProgressUpdated ? [m.value] : [])),
          batch.flatMap((m) => (m.topic === Topics.LeaderboardRank ? [m.value] : [])),
        ),
    });
  }
}
