import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import {
  type LeaderboardRankMessage,
  type PointsAwardedMessage,
  type ProgressUpdatedMessage,
} from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import {
  PACK_CATALOG,
  achievementById,
  availableAt,
  badgeProgress,
  badgesReached,
  combinationsOn,
  levelBadges,
  levelBasis,
  levelFor,
  occurrenceOf,
  partsReached,
  type AchievementDef,
  type PackCatalog,
} from '@questline/rules';
import { announceRevocations, announceUnlocks, badgeInputs } from '../../domain/achievement-rewards';
import { levelAchievementId } from '../../domain/achievement-names';
import { ACHIEVEMENT_REPOSITORY, balanceKey, type AchievementRepository, type UnlockBasis, type UnlockCandidate, type UnlockView } from '../../domain/achievement.repository';

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
    const candidates: UnlockCandidate[] = [...this.progressUnlocks(progress), ...(await this.finishUnlocks(ranks)), ...(await this.combinationUnlocks(outcomes, progress))];
    for (const o of outcomes) {
      const pack = this.packs.get(o.tenantId);
      let c: Cause | undefined;
      for (const a of pack?.achievements ?? []) {
        if ('currency' in a.when && a.when.currency === o.currency && o.lifetime >= a.when.lifetimeAtLeast) {
          candidates.push(candidate((c ??= cause(o, pack!)), a.id, { current: o.lifetime, target: a.when.lifetimeAtLeast }));
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
      const c = cause(o, pack);
      for (let n = 2; n <= level; n++) candidates.push(candidate(c, levelAchievementId(n), { current: level, target: n }));
      for (const a of levelBadges(pack, level)) candidates.push(candidate(c, a.id, { current: level, target: (a.when as { level: number }).level }));
    }
    // Levels lost: announced before the unlocks are withdrawn, so a crash in between repeats the
    // announcement (same dedup key) rather than losing it.
    for (const { o, level, allowDown } of levels.values()) {
      if (!allowDown) continue;
      const lost = await this.achievements.levelsAbove(o.tenantId, o.userId, level);
      if (lost.length === 0) continue;
      const views = lost.map((achievementId) => ({ ...cause(o, this.packs.get(o.tenantId)!), achievementId, unlockedAt: o.occurredAt, occurrence: '', basis: null }));
      await announceRevocations(this.bus, (t) => this.packs.get(t), views, { sourceEventId: o.eventId, reason: 'level lost', level });
      await this.achievements.revoke(o.tenantId, o.userId, lost);
    }
    await this.revokeLostBasis(outcomes);
    const open = candidates.filter((c) => {
      const def = achievementById(this.packs.get(c.tenantId), c.achievementId);
      return !def || c.atMs === undefined || availableAt(def, c.atMs);
    });
    const unlocked = await this.achievements.unlock(await this.withPrerequisites(open));
    // An unlock can complete another achievement's prerequisites: it unlocks too when its own
    // criterion already holds (caused by the same event).
    const seen = new Set(unlocked.map(unlockId));
    for (let wave = unlocked; wave.length > 0; ) {
      wave = (await this.achievements.unlock(await this.withPrerequisites(await this.dependents(wave)))).filter((u) => !seen.has(unlockId(u)));
      for (const u of wave) seen.add(unlockId(u));
      unlocked.push(...wave);
    }
    await announceUnlocks(this.bus, (t) => this.packs.get(t), unlocked);
  }

  /**
   * `revokeWhenLost`: after a correction (re-scoring's compensations, a penalty, an admin debit)
   * a user's balance and level criteria are checked on NET earned; achievements whose criterion no
   * longer holds are announced revoked (rewards clawed back per `onRevoke`), then deleted. A
   * redelivery finds them gone, or repeats the announcement under the same keys.
   */
  private async revokeLostBasis(outcomes: PointsAwardedMessage[]): Promise<void> {
    const users = new Map<string, PointsAwardedMessage>();
    for (const o of outcomes) if (o.amount < 0 && this.packs.get(o.tenantId)?.achievements.some((a) => a.revokeWhenLost)) users.set(`${o.tenantId}|${o.userId}`, o);
    for (const o of users.values()) {
      const pack = this.packs.get(o.tenantId)!;
      const held = await this.achievements.list(o.tenantId, o.userId);
      const watched = held.filter((u) => achievementById(pack, u.achievementId)?.revokeWhenLost);
      if (watched.length === 0) continue;
      const standing = await this.achievements.standing(o.tenantId, o.userId);
      const curve = pack.levels;
      const net = (c: string) => standing.balances.get(c)?.net ?? 0;
      const inputs = { ...badgeInputs(pack, standing, Date.parse(o.occurredAt)), lifetime: net, level: curve ? levelFor(curve, net(curve.currency)).level : 1 };
      const lost = watched.filter((u) => {
        const { current, target } = badgeProgress(pack, achievementById(pack, u.achievementId)!, inputs);
        return current < target;
      });
      if (lost.length === 0) continue;
      await announceRevocations(this.bus, (t) => this.packs.get(t), lost, { sourceEventId: o.eventId, reason: 'basis lost', level: inputs.level });
      await this.achievements.revoke(o.tenantId, o.userId, [...new Set(lost.map((u) => u.achievementId))]);
    }
  }

  /**
   * `all` / `any` combinations: when an outcome moves one of their parts (a progress outcome that
   * reaches it, or a points outcome on a balance or level part), every part is checked on the
   * user's standing — the part just reached counting as met — and the combination unlocks, caused
   * by that event, when it holds. Standing is read once per user and batch.
   */
  private async combinationUnlocks(outcomes: PointsAwardedMessage[], progress: ProgressUpdatedMessage[]): Promise<UnlockCandidate[]> {
    const touched: { c: Cause; def: AchievementDef; met: number[] }[] = [];
    for (const p of progress) {
      const pack = this.packs.get(p.tenantId);
      if (!pack || p.sourceEventId === null) continue;
      for (const { def, parts } of partsReached(pack, p)) touched.push({ c: progressCause(p), def, met: parts });
    }
    for (const o of outcomes) {
      const pack = this.packs.get(o.tenantId);
      if (!pack || o.amount <= 0) continue;
      for (const def of combinationsOn(pack, o.currency)) touched.push({ c: cause(o, pack), def, met: [] });
    }
    if (touched.length === 0) return [];
    // Combinations already held (once-only ones) need no standing read.
    const held = await this.achievements.heldBy(touched.map(({ c }) => ({ tenantId: c.tenantId, userId: c.userId })));
    const standings = new Map<string, Awaited<ReturnType<AchievementRepository['standing']>>>();
    const out: UnlockCandidate[] = [];
    for (const { c, def, met } of touched) {
      if (held.get(`${c.tenantId}|${c.userId}`)?.has(def.id)) continue;
      const pack = this.packs.get(c.tenantId)!;
      const key = `${c.tenantId}|${c.userId}`;
      let standing = standings.get(key);
      if (!standing) standings.set(key, (standing = await this.achievements.standing(c.tenantId, c.userId)));
      const basis = badgeProgress(pack, def, badgeInputs(pack, standing, c.atMs ?? Date.now()), met);
      if (basis.current >= basis.target) out.push(candidate(c, def.id, basis));
    }
    return out;
  }

  /**
   * Leaderboard finishes ("weekly champion"): when a period of a board locks, its standings are
   * final; the users ranked `top` or better in the global scope unlock the achievement, caused by
   * the lock (its source id derived from the lock's dedup key, so a redelivery unlocks nothing
   * twice). A revision of a locked period (`reason: revised`, an admin's rebuild after a
   * re-scoring) moves no finish badge: they and their rewards went to the standings as locked, and
   * a second champion would be paid twice.
   */
  private async finishUnlocks(ranks: LeaderboardRankMessage[]): Promise<UnlockCandidate[]> {
    const out: UnlockCandidate[] = [];
    for (const m of ranks) {
      if (m.kind !== 'rank.locked' || m.scope !== 'global' || m.reason === 'revised') continue;
      const pack = this.packs.get(m.tenantId);
      for (const a of pack?.achievements ?? []) {
        const w = a.when;
        if (!('leaderboard' in w) || w.leaderboard !== m.board || w.window !== m.window) continue;
        const sourceEventId = uuidv5(`${m.tenantId}\n${m.board}\n${m.window}\n${m.period}`, FINISH_NAMESPACE);
        for (const { userId, rank } of await this.achievements.finishers(m.tenantId, m.board, m.scope, m.period, w.top)) {
          out.push({
            tenantId: m.tenantId,
            userId,
            achievementId: a.id,
            sourceEventId,
            ruleVersion: pack!.version,
            occurrence: a.repeatable ? m.period : '',
            basis: { current: rank, target: w.top, period: m.period },
            atMs: Date.parse(m.at),
          });
        }
      }
    }
    return out;
  }

  /** Candidates whose prerequisites the user holds, or gains in this same batch. */
  private async withPrerequisites(candidates: UnlockCandidate[]): Promise<UnlockCandidate[]> {
    const requires = (c: UnlockCandidate) => achievementById(this.packs.get(c.tenantId), c.achievementId)?.requires ?? [];
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
      const waiting = (pack?.achievements ?? []).filter((a) => a.requires?.includes(u.achievementId) && !a.repeatable);
      if (!pack || waiting.length === 0) continue;
      const inputs = badgeInputs(pack, await this.achievements.standing(u.tenantId, u.userId));
      for (const a of waiting) {
        const basis = badgeProgress(pack, a, inputs);
        if (basis.current >= basis.target) out.push({ tenantId: u.tenantId, userId: u.userId, achievementId: a.id, sourceEventId: u.sourceEventId, ruleVersion: pack.version, basis });
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
        candidates.push(candidate(progressCause(p), a.id, progressBasis(a, p), occurrenceOf(a, p)));
      }
    }
    return candidates;
  }
}

const unlockId = (u: UnlockView) => `${u.tenantId}|${u.userId}|${u.achievementId}|${u.occurrence}`;

/** Who, which event, which pack version, and when: what every unlock a points outcome causes names. */
/** What caused a candidate unlock: who, which event, which pack version, when. */
type Cause = Pick<UnlockCandidate, 'tenantId' | 'userId' | 'sourceEventId' | 'ruleVersion' | 'atMs'>;

/**
 * One candidate unlock. A literal, not `{ ...cause, achievementId, basis }`: on Node 20 every
 * property after a spread costs about a microsecond, and a user at level n proposes n candidates
 * per outcome (see hot-path spreads in the README).
 */
const candidate = (c: Cause, achievementId: string, basis: UnlockBasis | null, occurrence?: string): UnlockCandidate =>
  occurrence === undefined
    ? { tenantId: c.tenantId, userId: c.userId, sourceEventId: c.sourceEventId, ruleVersion: c.ruleVersion, atMs: c.atMs, achievementId, basis }
    : { tenantId: c.tenantId, userId: c.userId, sourceEventId: c.sourceEventId, ruleVersion: c.ruleVersion, atMs: c.atMs, achievementId, basis, occurrence };

const cause = (o: PointsAwardedMessage, pack: { version: number }): Cause => ({ tenantId: o.tenantId, userId: o.userId, sourceEventId: o.eventId, ruleVersion: pack.version, atMs: Date.parse(o.occurredAt) });

/** The same for a progress outcome: the pack version that decided it, and its event's time. */
const progressCause = (p: ProgressUpdatedMessage): Cause => ({ tenantId: p.tenantId, userId: p.userId, sourceEventId: p.sourceEventId!, ruleVersion: p.packVersion, atMs: Date.parse(p.occurredAt ?? p.at) });

/** The criterion values a progress outcome carries: a metric's value, a streak's length, a completion. */
function progressBasis(a: AchievementDef, p: ProgressUpdatedMessage): UnlockBasis {
  const w = a.when;
  if ('metric' in w) return { current: Number(p.data['value'] ?? p.data['milestone']), target: w.atLeast, ...(p.data['period'] !== undefined ? { period: p.data['period'] } : {}) };
  if ('streak' in w) return { current: Number(p.data['streak_day']), target: w.atLeast };
  return { current: 1, target: 1 };
}
