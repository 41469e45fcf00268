import { ListNotificationsUseCase } from './usecases/list-notifications/list-notifications.usecase';
import { Module } from '@nestjs/common';
import { OutcomesConsumer } from './consumers/outcomes.consumer';
import { PublishOutcomesUseCase } from './outbound/publish-outcomes.usecase';
import { NOTIFICATION_REPOSITORY } from './domain/notification.repository';
import { NotificationsController } from './http/notifications.controller';
import { StreamsController } from './http/streams.controller';
import { DemoController } from './http/demo.controller';
import { UserStreams } from './usecases/stream-notifications/user-streams';
import { WEBHOOK_REPOSITORY, WEBHOOK_SENDER } from './webhooks/domain/webhook';
import { WebhooksController } from './webhooks/http/webhooks.controller';
import { HttpWebhookSender } from './webhooks/infrastructure/http-webhook.sender';
import { PgWebhookRepository } from './webhooks/infrastructure/pg-webhook.repository';
import { DeliverWebhooksJob } from './webhooks/usecases/deliver-webhooks.job';
import { ManageWebhooksUseCase } from './webhooks/usecases/manage-webhooks.usecase';
import { APP_CONFIG, type AppConfig } from '@questline/platform';
import { PrismaNotificationRepository } from './infrastructure/prisma-notification.repository';
import { PurgeNotificationsJob } from './usecases/purge-notifications/purge-notifications.job';
import { RecordNotificationsUseCase } from './usecases/record-notifications/record-notifications.usecase';

/** Notifications: the per-user feed built from outcomes (read state, retention), its live streams, and outbound webhooks. */
@Module({
  controllers: [NotificationsController, StreamsController, WebhooksController, DemoController],
  providers: [
    ListNotificationsUseCase,
    RecordNotificationsUseCase,
    OutcomesConsumer,
    PublishOutcomesUseCase,
    PurgeNotificationsJob,
    UserStreams,
    ManageWebhooksUseCase,
    DeliverWebhooksJob,
    { provide: WEBHOOK_REPOSITORY, useClass: PgWebhookRepository },
    { provide: WEBHOOK_SENDER, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new HttpWebhookSender(c.WEBHOOK_TIMEOUT_MS, c.WEBHOOK_ALLOW_PRIVATE_NETWORKS) },
    { provide: NOTIFICATION_REPOSITORY, useClass: PrismaNotificationRepository },
  ],
})
export class NotificationsModule {}
