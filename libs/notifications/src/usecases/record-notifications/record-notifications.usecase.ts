import { Inject, Injectable } from '@nestjs/common';
import { Topics, type AchievementUnlockedMessage, type PointsAwardedMessage } from '@questline/contracts';
import type { DeliveredMessage } from '@questline/messaging';
import { NOTIFICATION_REPOSITORY, type NewNotification, type NotificationRepository } from '../../domain/notification.repository';

export type OutcomeMessage = DeliveredMessage<typeof Topics.PointsAwarded | typeof Topics.AchievementUnlocked>;

/** Turns outcomes into the user's notification feed. */
@Injectable()
export class RecordNotificationsUseCase {
  constructor(@Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository) {}

  async execute(batch: OutcomeMessage[]): Promise<void> {
    await this.notifications.add(batch.map(toNotification));
  }
}

function toNotification(m: OutcomeMessage): NewNotification {
  if (m.topic === Topics.PointsAwarded) {
    const o = m.value as PointsAwardedMessage;
    return {
      tenantId: o.tenantId,
      userId: o.userId,
      kind: 'points.awarded',
      title: `${o.amount >= 0 ? '+' : ''}${o.amount} ${o.currency}`,
      data: { amount: o.amount, currency: o.currency, eventId: o.eventId, eventType: o.eventType, ruleId: o.ruleId, lifetime: o.lifetime },
      dedupKey: `points:${o.ledgerKey}`,
    };
  }
  const a = m.value as AchievementUnlockedMessage;
  return {
    tenantId: a.tenantId,
    userId: a.userId,
    kind: 'achievement.unlocked',
    title: `Achievement unlocked: ${a.name}`,
    data: { achievementId: a.achievementId, name: a.name, eventId: a.sourceEventId },
    dedupKey: `achievement:${a.userId}:${a.achievementId}`,
  };
}
