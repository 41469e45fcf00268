import { Module } from '@nestjs/common';
import { EventStatusConsumer } from './consumers/event-status.consumer';
import { InboundEventsConsumer } from './consumers/inbound-events.consumer';
import { DEAD_LETTER_REPOSITORY } from './dead-letters/dead-letter.repository';
import { DeadLetterIndexer } from './dead-letters/dead-letter-indexer.consumer';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { PrismaDeadLetterRepository } from './dead-letters/prisma-dead-letter.repository';
import { INGESTED_EVENT_REPOSITORY } from './domain/ingested-event.repository';
import { EventsController } from './http/events.controller';
import { PrismaIngestedEventRepository } from './infrastructure/prisma-ingested-event.repository';
import { AcceptEventUseCase } from './usecases/accept-event/accept-event.usecase';
import { GetEventUseCase } from './usecases/get-event/get-event.usecase';

/**
 * Ingest: accepts product events over HTTP and Kafka (validated, deduplicated, published), keeps
 * their processing status, and gives operators the dead letters of every consumer.
 */
@Module({
  controllers: [EventsController, DeadLettersController],
  providers: [
    AcceptEventUseCase,
    GetEventUseCase,
    EventStatusConsumer,
    InboundEventsConsumer,
    DeadLettersService,
    DeadLetterIndexer,
    { provide: INGESTED_EVENT_REPOSITORY, useClass: PrismaIngestedEventRepository },
    { provide: DEAD_LETTER_REPOSITORY, useClass: PrismaDeadLetterRepository },
  ],
})
export class IngestModule {}
