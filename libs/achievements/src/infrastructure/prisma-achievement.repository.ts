import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, PRISMA, type Db, type SqlPool } from '@questline/persistence';
import { balanceKey, type AchievementRepository, type UnlockCandidate, type UnlockView } from '../domain/achievement.repository';

@Injectable()
export class PrismaAchievementRepository implements AchievementRepository {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(PG_POOL) private readonly pool: SqlPool,
  ) {}

  async unlock(candidates: UnlockCandidate[]): Promise<UnlockView[]> {
    if (candidates.length === 0) return [];
    // One statement each way whatever the batch (500 outcomes × 100 badges is 50,000 candidates:
    // far past Postgres's 65,535 bind parameters as one parameter per field). An admin's
    // revocation holds against automatic unlocks; the first candidate of a (user, achievement)
    // wins.
    const params = [
      candidates.map((c) => c.tenantId),
      candidates.map((c) => c.userId),
      candidates.map((c) => c.achievementId),
      candidates.map((c) => c.sourceEventId),
      candidates.map((c) => c.ruleVersion),
    ];
    const candidatesSql = `SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::int[]) WITH ORDINALITY AS c(tenant_id, user_id, achievement_id, source_event_id, rule_version, n)
       WHERE NOT EXISTS (SELECT 1 FROM achievement_revocation r WHERE r.tenant_id = c.tenant_id AND r.user_id = c.user_id AND r.achievement_id = c.achievement_id)`;
    await this.pool.query(
      `INSERT INTO achievement_unlock (tenant_id, user_id, achievement_id, source_event_id, rule_version)
       SELECT tenant_id, user_id, achievement_id, source_event_id, rule_version FROM (${candidatesSql}) c ORDER BY n
       ON CONFLICT DO NOTHING`,
      params,
    );
    // Every unlock caused by one of these events, including ones an earlier delivery inserted.
    const { rows } = await this.pool.query<{ tenant_id: string; user_id: string; achievement_id: string; source_event_id: string; rule_version: number; unlocked_at: Date }>(
      `SELECT DISTINCT u.tenant_id, u.user_id, u.achievement_id, u.source_event_id::text, u.rule_version, u.unlocked_at
         FROM achievement_unlock u JOIN (${candidatesSql}) c
           ON u.tenant_id = c.tenant_id AND u.user_id = c.user_id AND u.achievement_id = c.achievement_id AND u.source_event_id = c.source_event_id`,
      params,
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, userId: r.user_id, achievementId: r.achievement_id, sourceEventId: r.source_event_id, ruleVersion: r.rule_version, unlockedAt: r.unlocked_at.toISOString() }));
  }

  async list(tenantId: string, userId: string): Promise<UnlockView[]> {
    const rows = await this.db.achievementUnlock.findMany({ where: { tenantId, userId }, orderBy: { unlockedAt: 'asc' } });
    return rows.map((r) => ({ ...r, unlockedAt: r.unlockedAt.toISOString() }));
  }

  async finishers(tenantId: string, boardId: string, scope: string, period: string, top: number): Promise<string[]> {
    const rows = await this.db.leaderboardStanding.findMany({ where: { tenantId, boardId, scope, period, rank: { lte: top } }, select: { userId: true }, orderBy: { position: 'asc' } });
    return rows.map((r) => r.userId);
  }

  async heldBy(users: { tenantId: string; userId: string }[]): Promise<Map<string, Set<string>>> {
    const held = new Map<string, Set<string>>(users.map((u) => [`${u.tenantId}|${u.userId}`, new Set<string>()]));
    if (users.length === 0) return held;
    const rows = await this.db.achievementUnlock.findMany({ where: { OR: users.map((u) => ({ tenantId: u.tenantId, userId: u.userId })) }, select: { tenantId: true, userId: true, achievementId: true } });
    for (const r of rows) held.get(`${r.tenantId}|${r.userId}`)?.add(r.achievementId);
    return held;
  }

  async balances(keys: { tenantId: string; userId: string; currency: string }[]): Promise<Map<string, { lifetime: number; net: number }>> {
    if (keys.length === 0) return new Map();
    const rows = await this.db.balance.findMany({ where: { OR: keys }, select: { tenantId: true, userId: true, currency: true, lifetime: true, net: true } });
    return new Map(rows.map((r) => [balanceKey(r.tenantId, r.userId, r.currency), { lifetime: Number(r.lifetime), net: Number(r.net) }]));
  }

  async levelsAbove(tenantId: string, userId: string, level: number): Promise<string[]> {
    const rows = await this.db.achievementUnlock.findMany({ where: { tenantId, userId, achievementId: { startsWith: 'level-' } }, select: { achievementId: true } });
    return rows.map((r) => r.achievementId).filter((id) => /^level-\d+$/.test(id) && Number(id.slice(6)) > level);
  }

  async revokeByAdmin(tenantId: string, userId: string, achievementId: string, reason: string, actor: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.achievementUnlock.deleteMany({ where: { tenantId, userId, achievementId } });
      if (count === 0) return false;
      await tx.achievementRevocation.upsert({
        where: { tenantId_userId_achievementId: { tenantId, userId, achievementId } },
        create: { tenantId, userId, achievementId, reason, actor },
        update: { reason, actor, revokedAt: new Date() },
      });
      return true;
    });
  }

  async grant(c: UnlockCandidate): Promise<UnlockView | null> {
    return this.db.$transaction(async (tx) => {
      await tx.achievementRevocation.deleteMany({ where: { tenantId: c.tenantId, userId: c.userId, achievementId: c.achievementId } });
      const { count } = await tx.achievementUnlock.createMany({ data: [c], skipDuplicates: true });
      if (count === 0) return null;
      const row = await tx.achievementUnlock.findUniqueOrThrow({ where: { tenantId_userId_achievementId: { tenantId: c.tenantId, userId: c.userId, achievementId: c.achievementId } } });
      return { ...row, unlockedAt: row.unlockedAt.toISOString() };
    });
  }

  async standing(tenantId: string, userId: string) {
    const [balances, progress] = await Promise.all([
      this.db.balance.findMany({ where: { tenantId, userId }, select: { currency: true, lifetime: true, net: true } }),
      this.db.$queryRaw<{ key: string; state: unknown }[]>`SELECT key, state FROM progress_state WHERE tenant_id = ${tenantId} AND user_id = ${userId}
        AND (key LIKE 'metric/%' OR key LIKE 'streak/%' OR key LIKE 'quest/%')`,
    ]);
    return {
      balances: new Map(balances.map((b) => [b.currency, { lifetime: Number(b.lifetime), net: Number(b.net) }])),
      progress: new Map(progress.map((p) => [p.key, p.state])),
    };
  }

  async standingPage(tenantId: string, achievementId: string, after: string, limit: number) {
    const users = await this.db.$queryRaw<{ user_id: string }[]>`SELECT user_id FROM (SELECT user_id FROM balance WHERE tenant_id = ${tenantId} AND user_id > ${after}
        UNION SELECT user_id FROM progress_state WHERE tenant_id = ${tenantId} AND user_id > ${after}) u ORDER BY user_id LIMIT ${limit}`;
    const ids = users.map((u) => u.user_id);
    if (ids.length === 0) return [];
    const [balances, progress, unlocks, revocations] = await Promise.all([
      this.db.balance.findMany({ where: { tenantId, userId: { in: ids } }, select: { userId: true, currency: true, lifetime: true, net: true } }),
      this.db.$queryRaw<{ user_id: string; key: string; state: unknown }[]>`SELECT user_id, key, state FROM progress_state WHERE tenant_id = ${tenantId} AND user_id = ANY(${ids})
        AND (key LIKE 'metric/%' OR key LIKE 'streak/%' OR key LIKE 'quest/%')`,
      this.db.achievementUnlock.findMany({ where: { tenantId, achievementId, userId: { in: ids } }, select: { userId: true } }),
      this.db.achievementRevocation.findMany({ where: { tenantId, achievementId, userId: { in: ids } }, select: { userId: true } }),
    ]);
    const held = new Set(unlocks.map((u) => u.userId));
    const revoked = new Set(revocations.map((r) => r.userId));
    const page = new Map(ids.map((userId) => [userId, { userId, balances: new Map<string, { lifetime: number; net: number }>(), progress: new Map<string, unknown>(), held: held.has(userId), revoked: revoked.has(userId) }]));
    for (const b of balances) page.get(b.userId)!.balances.set(b.currency, { lifetime: Number(b.lifetime), net: Number(b.net) });
    for (const p of progress) page.get(p.user_id)!.progress.set(p.key, p.state);
    return [...page.values()];
  }

  async unlockCounts(tenantId: string): Promise<{ counts: Map<string, number>; users: number }> {
    const [groups, users] = await Promise.all([
      this.db.achievementUnlock.groupBy({ by: ['achievementId'], where: { tenantId }, _count: { _all: true } }),
      this.db.$queryRaw<{ n: bigint }[]>`SELECT count(DISTINCT user_id) AS n FROM balance WHERE tenant_id = ${tenantId}`,
    ]);
    return { counts: new Map(groups.map((g) => [g.achievementId, g._count._all])), users: Number(users[0]?.n ?? 0) };
  }

  async revoke(tenantId: string, userId: string, achievementIds: string[]): Promise<void> {
    if (achievementIds.length > 0) await this.db.achievementUnlock.deleteMany({ where: { tenantId, userId, achievementId: { in: achievementIds } } });
  }
}
