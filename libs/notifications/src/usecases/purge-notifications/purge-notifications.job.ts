import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, LOGGER, Scheduled, type AppConfig, type Logger } from '@questline/platform';
import { NOTIFICATION_REPOSITORY, type NotificationRepository } from '../../domain/notification.repository';

const SLICE = 5_000;

/** Retention: notifications older than NOTIFICATION_RETENTION_DAYS are deleted, a slice at a time (seed 001: 30 days). */
@Injectable()
export class PurgeNotificationsJob extends Scheduled {
  constructor(
    @Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super();
    this.schedule('notification retention', config.NOTIFICATION_PURGE_INTERVAL_MS, () => this.purge(), logger);
  }

  async purge(now = Date.now()): Promise<number> {
    const before = new Date(now - this.config.NOTIFICATION_RETENTION_DAYS * 86_400_000);
    let total = 0;
    for (let n = SLICE; n === SLICE; total += n) n = await this.notifications.purge(before, SLICE);
    return total;
  }
}
