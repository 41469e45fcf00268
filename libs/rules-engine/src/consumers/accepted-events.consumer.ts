import { Inject, Injectable } from '@nestjs/common';
import { ConsumerGroups, Topics } from '@questline/contracts';
import { BusConsumer, MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { ScoreEventsUseCase } from '../usecases/score-events/score-events.usecase';

@Injectable()
export class AcceptedEventsConsumer extends BusConsumer {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly scoreEvents: ScoreEventsUseCase,
  ) {
    super();
  }

  protected subscribe(): Promise<Subscription> {
    return this.bus.subscribe({
      groupId: ConsumerGroups.RulesEngine,
      topics: [Topics.EventAccepted],
      handler: (batch) => this.scoreEvents.execute(batch.map((m) => m.value)),
    });
  }
}
