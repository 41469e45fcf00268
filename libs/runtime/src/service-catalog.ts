import type { Type } from '@nestjs/common';
import { AchievementsModule } from '@questline/achievements';
import { IngestModule } from '@questline/ingest';
import { NotificationsModule } from '@questline/notifications';
import { PointsModule } from '@questline/points';
import { RulesEngineModule } from '@questline/rules-engine';

/** The five services, their Nest modules and default ports (ARCHITECTURE.md). */
export const SERVICES = {
  ingest: { module: IngestModule, port: 3001 },
  'rules-engine': { module: RulesEngineModule, port: 3002 },
  points: { module: PointsModule, port: 3003 },
  achievements: { module: AchievementsModule, port: 3004 },
  notifications: { module: NotificationsModule, port: 3005 },
} as const satisfies Record<string, { module: Type<unknown>; port: number }>;

export type ServiceName = keyof typeof SERVICES;
export const STANDALONE_PORT = 3000;
