import { Inject, Injectable } from '@nestjs/common';
import { jsonArrayParam, jsonAt, PG_POOL, PRISMA, withTransaction, type Db, type SqlPool } from '@questline/persistence';
import { balanceKey, type AchievementRepository, type UnlockBasis, type UnlockCandidate, type UnlockView } from '../domain/achievement.repository';

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
      candidates.map((c) => c.occurrence ?? ''),
    ];
    const candidatesSql = `SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::int[], $6::text[]) WITH ORDINALITY AS c(tenant_id, user_id, achievement_id, source_event_id, rule_version, occurrence, n)
       WHERE NOT EXISTS (SELECT 1 FROM achievement_revocation r WHERE r.tenant_id = c.tenant_id AND r.user_id = c.user_id AND r.achievement_id = c.achievement_id)`;
    await this.pool.query(
      `INSERT INTO achievement_unlock (tenant_id, user_id, achievement_id, source_event_id, rule_version, occurrence, basis)
       SELECT tenant_id, user_id, achievement_id, source_event_id, rule_version, occurrence, ${jsonAt('$7', 'n', true)} FROM (${candidatesSql}) c ORDER BY n
       ON CONFLICT DO NOTHING`,
      [...params, jsonArrayParam(candidates.map((c) => c.basis ?? null))],
    );
    // Every unlock caused by one of these events, including ones an earlier delivery inserted. A
    // statement of its own, not a CTE with the INSERT: it must see what a racing delivery (a zombie
    // after a rebalance) committed while the INSERT waited on it, or that unlock may never be
    // announced (the README's change table; the repository's integration test of the race).
    const { rows } = await this.pool.query<UnlockRow>(
      `SELECT DISTINCT ${UNLOCK_COLUMNS}
         FROM achievement_unlock u JOIN (${candidatesSql}) c
           ON u.tenant_id = c.tenant_id AND u.user_id = c.user_id AND u.achievement_id = c.achievement_id AND u.occurrence = c.occurrence AND u.source_event_id = c.source_event_id`,
      params,
    );
    return rows.map(toUnlock);
  }

  async list(tenantId: string, userId: string): Promise<UnlockView[]> {
    const { rows } = await this.pool.query<UnlockRow>(`SELECT ${UNLOCK_COLUMNS} FROM achievement_unlock u WHERE tenant_id = $1 AND user_id = $2 ORDER BY unlocked_at, achievement_id, occurrence`, [tenantId, userId]);
    return rows.map(toUnlock);
  }

  async finishers(tenantId: string, boardId: string, scope: string, period: string, top: number): Promise<{ userId: string; rank: number }[]> {
    return this.db.leaderboardStanding.findMany({ where: { tenantId, boardId, scope, period, rank: { lte: top } }, select: { userId: true, rank: true }, orderBy: { position: 'asc' } });
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

  async revokeByAdmin(tenantId: string, userId: string, achievementId: string, reason: string, actor: string): Promise<UnlockView[]> {
    return withTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<UnlockRow>(`DELETE FROM achievement_unlock u WHERE tenant_id = $1 AND user_id = $2 AND achievement_id = $3 RETURNING ${UNLOCK_COLUMNS}`, [tenantId, userId, achievementId]);
      if (rows.length === 0) return [];
      await tx.query(
        `INSERT INTO achievement_revocation (tenant_id, user_id, achievement_id, reason, actor) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, user_id, achievement_id) DO UPDATE SET reason = EXCLUDED.reason, actor = EXCLUDED.actor, revoked_at = now()`,
        [tenantId, userId, achievementId, reason, actor],
      );
      return rows.map(toUnlock);
    });
  }

  async grant(c: UnlockCandidate): Promise<UnlockView | null> {
    return withTransaction(this.pool, async (tx) => {
      await tx.query('DELETE FROM achievement_revocation WHERE tenant_id = $1 AND user_id = $2 AND achievement_id = $3', [c.tenantId, c.userId, c.achievementId]);
      const { rows } = await tx.query<UnlockRow>(
        `INSERT INTO achievement_unlock AS u (tenant_id, user_id, achievement_id, source_event_id, rule_version, occurrence, basis) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING RETURNING ${UNLOCK_COLUMNS}`,
        [c.tenantId, c.userId, c.achievementId, c.sourceEventId, c.ruleVersion, c.occurrence ?? '', c.basis ? JSON.stringify(c.basis) : null],
      );
      return rows[0] ? toUnlock(rows[0]) : null;
    });
  }

  async standing(tenantId: string, userId: string) {
    const [balances, progress] = await Promise.all([
      this.db.balance.findMany({ where: { tenantId, userId }, select: { currency: true, lifetime: true, net: true } }),
      this.db.$queryRaw<{ key: string; state: unknown }[]>`SELECT key, state FROM progress_state WHERE tenant_id = ${tenantId} AND user_id = ${userId}
        AND (key LIKE 'metric/%' OR key LIKE 'streak/%' OR key LIKE 'quest/%' OR key LIKE 'mission/%')`,
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
        AND (key LIKE 'metric/%' OR key LIKE 'streak/%' OR key LIKE 'quest/%' OR key LIKE 'mission/%')`,
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
      this.db.$queryRaw<{ achievement_id: string; n: bigint }[]>`SELECT achievement_id, count(DISTINCT user_id) AS n FROM achievement_unlock WHERE tenant_id = ${tenantId} GROUP BY achievement_id`,
      this.db.$queryRaw<{ n: bigint }[]>`SELECT count(DISTINCT user_id) AS n FROM balance WHERE tenant_id = ${tenantId}`,
    ]);
    return { counts: new Map(groups.map((g) => [g.achievement_id, Number(g.n)])), users: Number(users[0]?.n ?? 0) };
  }

  async revoke(tenantId: string, userId: string, achievementIds: string[]): Promise<UnlockView[]> {
    if (achievementIds.length === 0) return [];
    const { rows } = await this.pool.query<UnlockRow>(`DELETE FROM achievement_unlock u WHERE tenant_id = $1 AND user_id = $2 AND achievement_id = ANY($3) RETURNING ${UNLOCK_COLUMNS}`, [tenantId, userId, achievementIds]);
    return rows.map(toUnlock);
  }
}

const UNLOCK_COLUMNS = 'u.tenant_id, u.user_id, u.achievement_id, u.source_event_id::text, u.rule_version, u.unlocked_at, u.occurrence, u.basis';
interface UnlockRow {
  tenant_id: string;
  user_id: string;
  achievement_id: string;
  source_event_id: string;
  rule_version: number;
  unlocked_at: Date;
  occurrence: string;
  basis: UnlockBasis | null;
}
const toUnlock = (r: UnlockRow): UnlockView => ({
  tenantId: r.tenant_id,
  userId: r.user_id,
  achievementId: r.achievement_id,
  sourceEventId: r.source_event_id,
  ruleVersion: r.rule_version,
  unlockedAt: r.unlocked_at.toISOString(),
  occurrence: r.occurrence,
  basis: r.basis,
});
