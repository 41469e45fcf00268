import { ListNotificationsUseCase } from './usecases/list-notifications/list-notifications.usecase';
import { Module } from '@nestjs/common';
import { OutcomesConsumer } from './consumers/outcomes.consumer';
import { NOTIFICATION_REPOSITORY } from './domain/notification.repository';
import { NotificationsController } from './http/notifications.controller';
import { StreamsController } from './http/streams.controller';
import { UserStreams } from './usecases/stream-notifications/user-streams';
import { PrismaNotificationRepository } from './infrastructure/prisma-notification.repository';
import { PurgeNotificationsJob } from './usecases/purge-notifications/purge-notifications.job';
import { RecordNotificationsUseCase } from './usecases/record-notifications/record-notifications.usecase';

/** Notifications: the per-user feed built from outcomes, with read state and retention. */
@Module({
  controllers: [NotificationsController, StreamsController],
  providers: [
    ListNotificationsUseCase,
    RecordNotificationsUseCase,
    OutcomesConsumer,
    PurgeNotificationsJob,
    UserStreams,
    { provide: NOTIFICATION_REPOSITORY, useClass: PrismaNotificationRepository },
  ],
})
export class NotificationsModule {}
