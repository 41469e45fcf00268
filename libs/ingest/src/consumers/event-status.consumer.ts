import { Inject, Injectable } from '@nestjs/common';
import { ConsumerGroups, Topics, type AchievementUnlockedMessage, type EventStatusMessage } from '@questline/contracts';
import { BusConsumer, MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { INGESTED_EVENT_REPOSITORY, type IngestedEventRepository } from '../domain/ingested-event.repository';

/** Keeps each accepted event's status and outcomes current (GET /v1/events/{id}). */
@Injectable()
export class EventStatusConsumer extends BusConsumer {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(INGESTED_EVENT_REPOSITORY) private readonly events: IngestedEventRepository,
  ) {
    super();
  }

  protected subscribe(): Promise<Subscription> {
    return this.bus.subscribe({
      groupId: ConsumerGroups.IngestStatus,
      topics: [Topics.EventStatus, Topics.AchievementUnlocked],
      handler: async (batch) => {
        const reports: EventStatusMessage[] = [];
        const unlocks: AchievementUnlockedMessage[] = [];
        for (const m of batch) {
          if (m.topic === Topics.EventStatus) reports.push(m.value);
          else unlocks.push(m.value);
        }
        await this.events.applyStatus(reports);
        await this.events.addUnlocks(
          unlocks.map((u) => ({ tenantId: u.tenantId, eventId: u.sourceEventId, achievementId: u.achievementId, userId: u.userId, name: u.name })),
        );
      },
    });
  }
}
