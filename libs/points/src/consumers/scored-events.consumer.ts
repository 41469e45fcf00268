import { Inject, Injectable } from '@nestjs/common';
import { ConsumerGroups, Topics } from '@questline/contracts';
import { BusConsumer, MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { RecordAwardsUseCase } from '../usecases/record-awards/record-awards.usecase';

@Injectable()
export class ScoredEventsConsumer extends BusConsumer {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly recordAwards: RecordAwardsUseCase,
  ) {
    super();
  }

  protected subscribe(): Promise<Subscription> {
    return this.bus.subscribe({
      groupId: ConsumerGroups.Points,
      topics: [Topics.EventScored],
      handler: (batch) => this.recordAwards.execute(batch.map((m) => m.value)),
    });
  }
}
