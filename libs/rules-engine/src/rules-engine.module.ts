import { Module } from '@nestjs/common';
import { AcceptedEventsConsumer } from './consumers/accepted-events.consumer';
import { DECISION_STORE } from './domain/decision.store';
import { PgDecisionStore } from './infrastructure/pg-decision.store';
import { PacksController } from './packs/packs.controller';
import { PacksService } from './packs/packs.service';
import { RescoreController } from './rescore/rescore.controller';
import { RescoreService } from './rescore/rescore.service';
import { ScoreEventsUseCase } from './usecases/score-events/score-events.usecase';

/** Rules engine: turns accepted events into award decisions using the tenant's pack; manages pack versions. */
@Module({
  controllers: [PacksController, RescoreController],
  providers: [ScoreEventsUseCase, AcceptedEventsConsumer, PacksService, RescoreService, { provide: DECISION_STORE, useClass: PgDecisionStore }],
})
export class RulesEngineModule {}
