import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { NotFoundError, ValidationFailedError } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import type { Principal } from '@questline/platform';
import { PACK_CATALOG, achievementById, availableAt, badgeProgress, userLevel, type PackCatalog } from '@questline/rules';
import { announceRevocations, announceUnlocks, badgeInputs } from '../../domain/achievement-rewards';
import { ACHIEVEMENT_REPOSITORY, balanceKey, type AchievementRepository } from '../../domain/achievement.repository';

const GRANT_NAMESPACE = '9d2f4b7a-1c3e-4a5b-8d6f-7e8a9b0c1d2e';

/**
 * Support tools: an admin grants or revokes an achievement with a reason. Both are audited and
 * announced on the achievement topics like automatic ones. A revocation is kept, so the next
 * qualifying award does not unlock the achievement again until an admin grants it; a grant's
 * source id is derived from (tenant, user, achievement) — the grant's `award_key` — so a
 * repeated grant is a no-op.
 */
@Injectable()
export class AdminAchievementsUseCase {
  constructor(
    @Inject(ACHIEVEMENT_REPOSITORY) private readonly achievements: AchievementRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async grant(tenantId: string, userId: string, achievementId: string, reason: string, who: Principal): Promise<{ granted: boolean; achievementId: string; sourceEventId: string }> {
    this.definition(tenantId, achievementId); // refuses levels and unknown achievements
    const pack = this.packs.get(tenantId)!;
    const sourceEventId = uuidv5(`${tenantId}\n${userId}\n${achievementId}`, GRANT_NAMESPACE);
    const unlocked = await this.achievements.grant({ tenantId, userId, achievementId, sourceEventId, ruleVersion: pack.version });
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'achievement.grant', target: `${userId}/${achievementId}`, detail: { reason, granted: unlocked !== null } }]);
    if (unlocked) await announceUnlocks(this.bus, (t) => this.packs.get(t), [unlocked]);
    return { granted: unlocked !== null, achievementId, sourceEventId };
  }

  async revoke(tenantId: string, userId: string, achievementId: string, reason: string, who: Principal): Promise<{ revoked: true; achievementId: string; clawback: boolean }> {
    const def = this.definition(tenantId, achievementId);
    const pack = this.packs.get(tenantId)!;
    const held = (await this.achievements.list(tenantId, userId)).filter((u) => u.achievementId === achievementId);
    if (held.length === 0) throw new NotFoundError('not_unlocked', `User "${userId}" does not hold "${achievementId}".`);
    const curve = pack.levels;
    const balance = curve ? (await this.achievements.balances([{ tenantId, userId, currency: curve.currency }])).get(balanceKey(tenantId, userId, curve.currency)) : undefined;
    // Announced (and the reward clawed back) before the unlock is deleted: a retry after a crash in between repeats it under the same keys.
    const sourceEventId = uuidv5(`${tenantId}\n${userId}\n${achievementId}\nrevoke`, GRANT_NAMESPACE);
    await announceRevocations(this.bus, (t) => this.packs.get(t), held, { sourceEventId, reason, level: userLevel(curve, balance) });
    await this.achievements.revokeByAdmin(tenantId, userId, achievementId, reason, who.keyId);
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'achievement.revoke', target: `${userId}/${achievementId}`, detail: { reason, occurrences: held.length } }]);
    return { revoked: true, achievementId, clawback: !!def.reward && def.onRevoke === 'clawback' };
  }

  /**
   * Batch evaluation (seed 000's "achievement batch evaluated"): an achievement added or changed
   * later is checked against every user's current standing — balances, level, metrics, streaks,
   * quests — and unlocked for those who already qualify (a dry run only counts them). Users who
   * hold it or whose unlock an admin revoked are skipped. Each unlock's source id is derived from
   * (tenant, user, achievement), so running it again unlocks nothing twice.
   */
  async evaluateAll(tenantId: string, achievementId: string, dryRun: boolean, who: Principal): Promise<{ achievementId: string; dryRun: boolean; usersEvaluated: number; qualifying: number; unlocked: number; sample: string[] }> {
    const def = this.definition(tenantId, achievementId);
    const pack = this.packs.get(tenantId)!;
    let after = '';
    let evaluated = 0;
    let unlocked = 0;
    const qualifying: string[] = [];
    for (;;) {
      const page = await this.achievements.standingPage(tenantId, achievementId, after, 1000);
      if (page.length === 0) break;
      after = page[page.length - 1]!.userId;
      evaluated += page.length;
      let ready = page.filter((u) => {
        if (u.held || u.revoked || !availableAt(def, Date.now())) return false;
        const { current, target } = badgeProgress(pack, def, badgeInputs(pack, u));
        return current >= target;
      });
      if (def.requires?.length && ready.length > 0) {
        const held = await this.achievements.heldBy(ready.map((u) => ({ tenantId, userId: u.userId })));
        ready = ready.filter((u) => def.requires!.every((r) => held.get(`${tenantId}|${u.userId}`)?.has(r)));
      }
      qualifying.push(...ready.map((u) => u.userId));
      if (dryRun || ready.length === 0) continue;
      const done = await this.achievements.unlock(
        ready.map((u) => ({
          tenantId,
          userId: u.userId,
          achievementId,
          sourceEventId: uuidv5(`${tenantId}\n${u.userId}\n${achievementId}\nbatch`, GRANT_NAMESPACE),
          ruleVersion: pack.version,
          basis: { ...badgeProgress(pack, def, badgeInputs(pack, u)), by: 'batch evaluation' },
        })),
      );
      unlocked += done.length;
      await announceUnlocks(this.bus, (t) => this.packs.get(t), done);
    }
    if (!dryRun) await this.audit.record([{ tenantId, actor: who.keyId, action: 'achievement.batch_evaluate', target: achievementId, detail: { usersEvaluated: evaluated, unlocked } }]);
    return { achievementId, dryRun, usersEvaluated: evaluated, qualifying: qualifying.length, unlocked, sample: qualifying.slice(0, 100) };
  }

  private definition(tenantId: string, achievementId: string) {
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    const def = achievementById(pack, achievementId);
    if (!def) {
      if (/^level-\d+$/.test(achievementId)) throw new ValidationFailedError('Levels follow the balance; they are not granted or revoked.', [{ pointer: '/achievementId', detail: 'a level' }], 'not_grantable');
      throw new NotFoundError('unknown_achievement', `No achievement "${achievementId}" in the pack.`);
    }
    return def;
  }
}
