import { Module } from '@nestjs/common';
import { AcceptedEventsConsumer } from './consumers/accepted-events.consumer';
import { ScoreEventsUseCase } from './usecases/score-events/score-events.usecase';

/** Rules engine: turns accepted events into award decisions using the tenant's pack. */
@Module({ providers: [ScoreEventsUseCase, AcceptedEventsConsumer] })
export class RulesEngineModule {}
