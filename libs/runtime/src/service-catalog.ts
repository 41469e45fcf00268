import type { Type } from '@nestjs/common';
import { AchievementsModule } from '@questline/achievements';
import { AnalyticsModule } from '@questline/analytics';
import { ConsoleModule } from '@questline/console';
import { IngestModule } from '@questline/ingest';
import { LeaderboardModule } from '@questline/leaderboard';
import { NotificationsModule } from '@questline/notifications';
import { PointsModule } from '@questline/points';
import { RulesEngineModule } from '@questline/rules-engine';

/**
 * The five services, the Nest modules (bounded contexts) each runs, and their default ports
 * (ARCHITECTURE.md). The points service runs two contexts: the ledger (points) and leaderboards,
 * which meet only through the BOARD_UPDATES / BOARD_RANKS ports; and the analytics read model.
 */
export const SERVICES = {
  ingest: { modules: [IngestModule, ConsoleModule], port: 3001 },
  'rules-engine': { modules: [RulesEngineModule], port: 3002 },
  points: { modules: [PointsModule, LeaderboardModule, AnalyticsModule], port: 3003 },
  achievements: { modules: [AchievementsModule], port: 3004 },
  notifications: { modules: [NotificationsModule], port: 3005 },
} as const satisfies Record<string, { modules: Type<unknown>[]; port: number }>;

export type ServiceName = keyof typeof SERVICES;
export const STANDALONE_PORT = 3000;
