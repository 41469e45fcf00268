import { APP_CONFIG, type AppConfig } from '@questline/platform';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { EventStatusConsumer } from './consumers/event-status.consumer';
import { InboundEventsConsumer } from './consumers/inbound-events.consumer';
import { DeadLetterIndexer } from './consumers/dead-letter-indexer.consumer';
import { DEAD_LETTER_REPOSITORY } from './domain/dead-letter.repository';
import { DeadLettersController } from './http/dead-letters.controller';
import { PrismaDeadLetterRepository } from './infrastructure/prisma-dead-letter.repository';
import { AcceptBatchUseCase } from './usecases/accept-batch/accept-batch.usecase';
import { DeadLetters } from './usecases/dead-letters/dead-letters';
import { DiscardDeadLettersUseCase } from './usecases/discard-dead-letters/discard-dead-letters.usecase';
import { GetDeadLetterUseCase } from './usecases/get-dead-letter/get-dead-letter.usecase';
import { CopyDeadLettersUseCase } from './usecases/copy-dead-letters/copy-dead-letters.usecase';
import { IndexDeadLettersUseCase } from './usecases/index-dead-letters/index-dead-letters.usecase';
import { ListDeadLettersUseCase } from './usecases/list-dead-letters/list-dead-letters.usecase';
import { ReplayDeadLettersUseCase } from './usecases/replay-dead-letters/replay-dead-letters.usecase';
import { INGESTED_EVENT_REPOSITORY } from './domain/ingested-event.repository';
import { CONSENT_REPOSITORY } from './domain/consent.repository';
import { PgConsentRepository } from './infrastructure/pg-consent.repository';
import { ConsentsController } from './http/consents.controller';
import { UserDataController } from './http/user-data.controller';
import { RetentionController } from './http/retention.controller';
import { RetentionJob } from './usecases/retention/retention.job';
import { EVENT_ARCHIVE } from './domain/event-archive.port';
import { S3EventArchive } from './infrastructure/s3-event-archive';
import { FileEventArchive } from './infrastructure/file-event-archive';
import { ExportUserUseCase } from './usecases/export-user/export-user.usecase';
import { DeleteUserUseCase } from './usecases/delete-user/delete-user.usecase';
import { USER_ERASURE } from './domain/user-erasure.port';
import { PgUserErasure } from './infrastructure/pg-user-erasure';
import { EventsController } from './http/events.controller';
import { PrismaIngestedEventRepository } from './infrastructure/prisma-ingested-event.repository';
import { AcceptEventUseCase } from './usecases/accept-event/accept-event.usecase';
import { GetEventUseCase } from './usecases/get-event/get-event.usecase';
import { ListEventsUseCase } from './usecases/list-events/list-events.usecase';

/**
 * Ingest: accepts product events over HTTP and Kafka (validated, deduplicated, published), keeps
 * their processing status, and gives operators the dead letters of every consumer.
 */
@Module({
  controllers: [EventsController, DeadLettersController, ConsentsController, UserDataController, RetentionController],
  providers: [
    AcceptEventUseCase,
    AcceptBatchUseCase,
    GetEventUseCase,
    ListEventsUseCase,
    DeadLetters,
    IndexDeadLettersUseCase,
    CopyDeadLettersUseCase,
    ExportUserUseCase,
    DeleteUserUseCase,
    { provide: USER_ERASURE, useClass: PgUserErasure },
    RetentionJob,
    {
      provide: EVENT_ARCHIVE,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) =>
        c.RETENTION_ARCHIVE_S3_URL
          ? new S3EventArchive({ url: c.RETENTION_ARCHIVE_S3_URL, region: c.RETENTION_ARCHIVE_S3_REGION, ...(c.RETENTION_ARCHIVE_S3_ENDPOINT ? { endpoint: c.RETENTION_ARCHIVE_S3_ENDPOINT } : {}) })
          : new FileEventArchive(c.RETENTION_ARCHIVE_DIR ?? join(c.QUESTLINE_DATA_DIR, 'archive')),
    },
    ListDeadLettersUseCase,
    GetDeadLetterUseCase,
    ReplayDeadLettersUseCase,
    DiscardDeadLettersUseCase,
    EventStatusConsumer,
    InboundEventsConsumer,
    DeadLetterIndexer,
    { provide: INGESTED_EVENT_REPOSITORY, useClass: PrismaIngestedEventRepository },
    { provide: CONSENT_REPOSITORY, useClass: PgConsentRepository },
    { provide: DEAD_LETTER_REPOSITORY, useClass: PrismaDeadLetterRepository },
  ],
})
export class IngestModule {}
