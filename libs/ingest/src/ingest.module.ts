import { Module } from '@nestjs/common';
import { INGESTED_EVENT_REPOSITORY } from './domain/ingested-event.repository';
import { EventsController } from './http/events.controller';
import { PrismaIngestedEventRepository } from './infrastructure/prisma-ingested-event.repository';
import { AcceptEventUseCase } from './usecases/accept-event/accept-event.usecase';
import { GetEventUseCase } from './usecases/get-event/get-event.usecase';

/** Ingest: validates product events against the registry, deduplicates them and publishes them. */
@Module({
  controllers: [EventsController],
  providers: [
    AcceptEventUseCase,
    GetEventUseCase,
    { provide: INGESTED_EVENT_REPOSITORY, useClass: PrismaIngestedEventRepository },
  ],
})
export class IngestModule {}
