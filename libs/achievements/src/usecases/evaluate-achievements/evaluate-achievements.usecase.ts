import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import {
  Topics,
  userPartitionKey,
  type AchievementRevokedMessage,
  type LeaderboardRankMessage,
  type PointsAwardedMessage,
  type ProgressUpdatedMessage,
} from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { PACK_CATALOG, badgeProgress, badgesReached, levelBadges, levelBasis, levelFor, type PackCatalog } from '@questline/rules';
import { announceUnlocks, badgeInputs } from '../../domain/achievement-rewards';
import { describeAchievement, levelAchievementId } from '../../domain/achievement-names';
import { ACHIEVEMENT_REPOSITORY, balanceKey, type AchievementRepository, type UnlockCandidate, type UnlockView } from '../../domain/achievement.repository';

const FINISH_NAMESPACE = '5b1e7c3a-2d4f-4e6a-9c8b-1a2b3c4d5e6f';

/**
 * Unlocks balance-threshold achievements, metric achievements and level-ups (levels from LIFETIME earned, per the
 * pack's curve) from points outcomes, and publishes the unlocks. Every level up to the current one
 * is a candidate and unlocks are unique per user, so redeliveries and several awards in one batch
 * can neither skip a level nor announce one twice.
 */
@Injectable()
export class EvaluateAchievementsUseCase {
  constructor(
    @Inject(ACHIEVEMENT_REPOSITORY) private readonly achievements: AchievementRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute(outcomes: PointsAwardedMessage[], progress: ProgressUpdatedMessage[] = [], ranks: LeaderboardRankMessage[] = []): Promise<void> {
    const candidates: UnlockCandidate[] = [...this.progressUnlocks(progress), ...(await this.finishUnlocks(ranks))];
    for (const o of outcomes) {
      const pack = this.packs.get(o.tenantId);
      for (const a of pack?.achievements ?? []) {
        if ('currency' in a.when && a.when.currency === o.currency && o.lifetime >= a.when.lifetimeAtLeast) {
          candidates.push({ tenantId: o.tenantId, userId: o.userId, achievementId: a.id, sourceEventId: o.eventId, ruleVersion: pack!.version });
        }
      }
    }
    const levelOutcomes = outcomes.filter((o) => this.packs.get(o.tenantId)?.levels?.currency === o.currency);
    // Where levels can go down, the level comes from the current balance: a message's snapshot may
    // be older than one already handled (points batches for one user can commit in any order).
    const current = await this.achievements.balances(
      levelOutcomes.filter((o) => this.packs.get(o.tenantId)!.levels!.allowDown).map((o) => ({ tenantId: o.tenantId, userId: o.userId, currency: o.currency })),
    );
    const levels = new Map<string, { o: PointsAwardedMessage; level: number; allowDown: boolean }>();
    for (const o of levelOutcomes) {
      const pack = this.packs.get(o.tenantId)!;
      const curve = pack.levels!;
      const balance = curve.allowDown ? (current.get(balanceKey(o.tenantId, o.userId, o.currency)) ?? { lifetime: 0, net: 0 }) : o;
      const { level } = levelFor(curve, levelBasis(curve, balance));
      levels.set(`${o.tenantId}|${o.userId}`, { o, level, allowDown: !!curve.allowDown });
      for (let n = 2; n <= level; n++) {
        candidates.push({ tenantId: o.tenantId, userId: o.userId, achievementId: levelAchievementId(n), sourceEventId: o.eventId, ruleVersion: pack.version });
      }
      for (const a of levelBadges(pack, level)) candidates.push({ tenantId: o.tenantId, userId: o.userId, achievementId: a.id, sourceEventId: o.eventId, ruleVersion: pack.version });
    }
    // Levels lost: announced before the unlocks are withdrawn, so a crash in between repeats the
    // announcement (same dedup key) rather than losing it.
    for (const { o, level, allowDown } of levels.values()) {
      if (!allowDown) continue;
      const lost = await this.achievements.levelsAbove(o.tenantId, o.userId, level);
      if (lost.length === 0) continue;
      const pack = this.packs.get(o.tenantId);
      const revokedAt = new Date().toISOString();
      await this.bus.publish(
        Topics.AchievementRevoked,
        lost.map((achievementId) => {
          const value: AchievementRevokedMessage = {
            tenantId: o.tenantId,
            userId: o.userId,
            achievementId,
            name: describeAchievement(pack, achievementId).name,
            level,
            sourceEventId: o.eventId,
            packVersion: pack?.version ?? 0,
            revokedAt,
          };
          return { key: userPartitionKey(o.tenantId, o.userId), value };
        }),
      );
      await this.achievements.revoke(o.tenantId, o.userId, lost);
    }
    const unlocked = await this.achievements.unlock(await this.withPrerequisites(candidates));
    // An unlock can complete another achievement's prerequisites: it unlocks too when its own
    // criterion already holds (caused by the same event).
    const seen = new Set(unlocked.map((u) => `${u.tenantId}|${u.userId}|${u.achievementId}`));
    for (let wave = unlocked; wave.length > 0; ) {
      wave = (await this.achievements.unlock(await this.withPrerequisites(await this.dependents(wave)))).filter((u) => !seen.has(`${u.tenantId}|${u.userId}|${u.achievementId}`));
      for (const u of wave) seen.add(`${u.tenantId}|${u.userId}|${u.achievementId}`);
      unlocked.push(...wave);
    }
    await announceUnlocks(this.bus, (t) => this.packs.get(t), unlocked);
  }

  /**
   * Leaderboard finishes ("weekly champion"): when a period of a board locks, its standings are
   * final; the users ranked `top` or better in the global scope unlock the achievement, caused by
   * the lock (its source id derived from the lock's dedup key, so a redelivery unlocks nothing
   * twice).
   */
  private async finishUnlocks(ranks: LeaderboardRankMessage[]): Promise<UnlockCandidate[]> {
    const out: UnlockCandidate[] = [];
    for (const m of ranks) {
      if (m.kind !== 'rank.locked' || m.scope !== 'global') continue;
      const pack = this.packs.get(m.tenantId);
      for (const a of pack?.achievements ?? []) {
        const w = a.when;
        if (!('leaderboard' in w) || w.leaderboard !== m.board || w.window !== m.window) continue;
        const sourceEventId = uuidv5(`${m.tenantId}\n${m.board}\n${m.window}\n${m.period}`, FINISH_NAMESPACE);
        for (const userId of await this.achievements.finishers(m.tenantId, m.board, m.scope, m.period, w.top)) {
          out.push({ tenantId: m.tenantId, userId, achievementId: a.id, sourceEventId, ruleVersion: pack!.version });
        }
      }
    }
    return out;
  }

  /** Candidates whose prerequisites the user holds, or gains in this same batch. */
  private async withPrerequisites(candidates: UnlockCandidate[]): Promise<UnlockCandidate[]> {
    const requires = (c: UnlockCandidate) => this.packs.get(c.tenantId)?.achievements.find((a) => a.id === c.achievementId)?.requires ?? [];
    const gated = candidates.filter((c) => requires(c).length > 0);
    if (gated.length === 0) return candidates;
    const held = await this.achievements.heldBy(gated.map((c) => ({ tenantId: c.tenantId, userId: c.userId })));
    const accepted = candidates.filter((c) => requires(c).length === 0);
    for (const c of accepted) held.get(`${c.tenantId}|${c.userId}`)?.add(c.achievementId);
    let pending = gated;
    for (let changed = true; changed; ) {
      changed = false;
      const next: UnlockCandidate[] = [];
      for (const c of pending) {
        const has = held.get(`${c.tenantId}|${c.userId}`) ?? new Set<string>();
        if (requires(c).every((r) => has.has(r))) {
          accepted.push(c);
          has.add(c.achievementId);
          changed = true;
        } else next.push(c);
      }
      pending = next;
    }
    return accepted;
  }

  /** Achievements that require one just unlocked and whose own criterion the user already meets. */
  private async dependents(unlocked: UnlockView[]): Promise<UnlockCandidate[]> {
    const out: UnlockCandidate[] = [];
    for (const u of unlocked) {
      const pack = this.packs.get(u.tenantId);
      const waiting = (pack?.achievements ?? []).filter((a) => a.requires?.includes(u.achievementId));
      if (!pack || waiting.length === 0) continue;
      const inputs = badgeInputs(pack, await this.achievements.standing(u.tenantId, u.userId));
      for (const a of waiting) {
        const { current, target } = badgeProgress(pack, a, inputs);
        if (current >= target) out.push({ tenantId: u.tenantId, userId: u.userId, achievementId: a.id, sourceEventId: u.sourceEventId, ruleVersion: pack.version });
      }
    }
    return out;
  }

  /**
   * Metric, streak, mission and quest achievements unlock on the rules engine's progress outcomes
   * (a metric milestone at the threshold, which parsePack adds; a streak's length; a completion):
   * each is decided once per user, in decision order, and carries the pack version that decided it
   * (gate 3) and the event that caused it. An outcome without an event (a repair) waits for the
   * next one.
   */
  private progressUnlocks(progress: ProgressUpdatedMessage[]): UnlockCandidate[] {
    const candidates: UnlockCandidate[] = [];
    for (const p of progress) {
      const pack = this.packs.get(p.tenantId);
      if (!pack || p.sourceEventId === null) continue;
      for (const a of badgesReached(pack, p)) {
        candidates.push({ tenantId: p.tenantId, userId: p.userId, achievementId: a.id, sourceEventId: p.sourceEventId, ruleVersion: p.packVersion });
      }
    }
    return candidates;
  }
}
