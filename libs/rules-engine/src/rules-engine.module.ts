import { Module } from '@nestjs/common';
import { AcceptedEventsConsumer } from './consumers/accepted-events.consumer';
import { DECISION_STORE, PROGRESS_REPOSITORY } from './domain/decision.store';
import { PACK_VERSION_REPOSITORY } from './domain/pack-version.repository';
import { RESCORE_SOURCE } from './domain/rescore.source';
import { PgDecisionStore } from './infrastructure/pg-decision.store';
import { PgProgressRepository } from './infrastructure/pg-progress.repository';
import { ProgressController } from './progress/progress.controller';
import { ProgressService } from './progress/progress.service';
import { StreakSweeper } from './progress/streak-sweeper';
import { PgRescoreSource } from './infrastructure/pg-rescore.source';
import { PrismaPackVersionRepository } from './infrastructure/prisma-pack-version.repository';
import { PacksController } from './packs/packs.controller';
import { PacksService } from './packs/packs.service';
import { RescoreController } from './rescore/rescore.controller';
import { RescoreService } from './rescore/rescore.service';
import { ReversalController } from './reversal/reversal.controller';
import { ReversalService } from './reversal/reversal.service';
import { ScoreEventsUseCase } from './usecases/score-events/score-events.usecase';

/** Rules engine: turns accepted events into award decisions and progress (streaks, missions, quests, counters) using the tenant's pack; manages pack versions. */
@Module({
  controllers: [PacksController, RescoreController, ReversalController, ProgressController],
  providers: [
    ScoreEventsUseCase,
    AcceptedEventsConsumer,
    PacksService,
    RescoreService,
    ReversalService,
    ProgressService,
    StreakSweeper,
    { provide: PROGRESS_REPOSITORY, useClass: PgProgressRepository },
    { provide: DECISION_STORE, useClass: PgDecisionStore },
    { provide: PACK_VERSION_REPOSITORY, useClass: PrismaPackVersionRepository },
    { provide: RESCORE_SOURCE, useClass: PgRescoreSource },
  ],
})
export class RulesEngineModule {}
