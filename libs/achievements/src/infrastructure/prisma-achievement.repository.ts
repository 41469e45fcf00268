import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '@questline/persistence';
import type { AchievementRepository, UnlockCandidate, UnlockView } from '../domain/achievement.repository';

@Injectable()
export class PrismaAchievementRepository implements AchievementRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async unlock(candidates: UnlockCandidate[]): Promise<UnlockView[]> {
    if (candidates.length === 0) return [];
    await this.db.achievementUnlock.createMany({ data: candidates, skipDuplicates: true });
    const rows = await this.db.achievementUnlock.findMany({
      where: { OR: candidates.map((c) => ({ tenantId: c.tenantId, userId: c.userId, achievementId: c.achievementId, sourceEventId: c.sourceEventId })) },
    });
    return rows.map((r) => ({ ...r, unlockedAt: r.unlockedAt.toISOString() }));
  }

  async list(tenantId: string, userId: string): Promise<UnlockView[]> {
    const rows = await this.db.achievementUnlock.findMany({ where: { tenantId, userId }, orderBy: { unlockedAt: 'asc' } });
    return rows.map((r) => ({ ...r, unlockedAt: r.unlockedAt.toISOString() }));
  }
}
