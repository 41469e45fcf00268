import { Topics, type LeaderboardUpdatedMessage, type OutboundKind, type Scopes, type TopicMessages } from '@questline/contracts';

/**
 * One outcome as templates read it: `kind`, who and when, the source event, the event's scopes
 * (dimension values, e.g. `scopes.community`), and the kind's own fields (documented per kind in
 * docs/outbound.md). `dedupKey` is stable across redeliveries: the outbound id derives from it.
 */
export interface Outcome {
  kind: OutboundKind;
  tenantId: string;
  dedupKey: string;
  userId?: string;
  /** The event that caused it (absent for jobs: a streak broken, a period locked). */
  eventId?: string;
  /** When the platform decided it (ISO 8601). */
  at: string;
  /** The source event's time, when there is one. */
  occurredAt?: string;
  scopes?: Scopes;
  fields: Record<string, unknown>;
}

export type OutcomeTopic =
  | typeof Topics.PointsAwarded
  | typeof Topics.BalanceChanged
  | typeof Topics.AchievementUnlocked
  | typeof Topics.AchievementRevoked
  | typeof Topics.ProgressUpdated
  | typeof Topics.LeaderboardRank
  | typeof Topics.LeaderboardUpdated
  | typeof Topics.RedemptionUpdated;

export const OUTCOME_TOPICS: OutcomeTopic[] = [
  Topics.PointsAwarded,
  Topics.BalanceChanged,
  Topics.AchievementUnlocked,
  Topics.AchievementRevoked,
  Topics.ProgressUpdated,
  Topics.LeaderboardRank,
  Topics.LeaderboardUpdated,
  Topics.RedemptionUpdated,
];

const POINTS_KINDS = {
  earn: 'points.earned',
  compensate: 'points.earned',
  adjust: 'points.adjusted',
  spend: 'points.spent',
  refund: 'points.refunded',
  expire: 'points.expired',
} as const;
const LEVEL = /^level-(\d+)$/;

/** The outcome an internal message stands for (none for the copies kept for older consumers). */
export function toOutcome<T extends OutcomeTopic>(topic: T, m: TopicMessages[T]): Outcome | null {
  const now = new Date().toISOString();
  switch (topic) {
    case Topics.PointsAwarded:
    case Topics.BalanceChanged: {
      const p = m as TopicMessages[typeof Topics.PointsAwarded];
      const declared = p.kind ?? (p.amount >= 0 ? 'earn' : 'adjust');
      // A negative earn (a rule with a negative amount, a correction) is an adjustment outward.
      const entryKind = (declared === 'earn' || declared === 'compensate') && p.amount < 0 ? 'adjust' : declared;
      // Debits travel on balance.changed (points.awarded keeps a copy for older consumers): one outcome.
      if (topic === Topics.PointsAwarded && (entryKind === 'spend' || entryKind === 'refund' || entryKind === 'expire')) return null;
      // An entry of 0 (a penalty a currency's floor held back entirely) moved nothing: no outcome, as no notification.
      if (p.amount === 0) return null;
      return {
        kind: POINTS_KINDS[entryKind],
        tenantId: p.tenantId,
        userId: p.userId,
        eventId: p.eventId,
        dedupKey: `points:${p.ledgerKey}`,
        at: now,
        occurredAt: p.occurredAt,
        fields: {
          amount: p.amount,
          currency: p.currency,
          total: p.lifetime,
          balance: p.spendable,
          net: p.net,
          eventType: p.eventType,
          ruleId: p.ruleId,
          ruleVersion: p.ruleVersion,
          ledgerKey: p.ledgerKey,
          reason: p.ruleId.startsWith('badge:') ? 'achievement_reward' : p.eventType,
        },
        ...(p.scopes ? { scopes: p.scopes } : {}),
      };
    }
    case Topics.AchievementUnlocked: {
      const a = m as TopicMessages[typeof Topics.AchievementUnlocked];
      const level = LEVEL.exec(a.achievementId);
      const base = {
        tenantId: a.tenantId,
        userId: a.userId,
        eventId: a.sourceEventId,
        at: a.unlockedAt,
      };
      if (level) {
        const n = Number(level[1]);
        return {
          ...base,
          kind: 'level.up',
          dedupKey: `level:${a.userId}:${n}:${a.sourceEventId}`,
          fields: { level: n, previousLevel: n - 1, name: a.name },
        };
      }
      const [badge, tier] = a.achievementId.split('.');
      return {
        ...base,
        kind: 'achievement.unlocked',
        dedupKey: `achievement:${a.userId}:${a.achievementId}:${a.sourceEventId}${a.occurrence ? `:${a.occurrence}` : ''}`,
        fields: {
          achievementId: a.achievementId,
          badge,
          ...(tier ? { tier } : {}),
          name: a.name,
          ...(a.occurrence ? { occurrence: a.occurrence } : {}),
          ...(a.basis ? { basis: a.basis } : {}),
        },
      };
    }
    case Topics.AchievementRevoked: {
      const r = m as TopicMessages[typeof Topics.AchievementRevoked];
      const level = LEVEL.exec(r.achievementId);
      const base = {
        tenantId: r.tenantId,
        userId: r.userId,
        eventId: r.sourceEventId,
        at: r.revokedAt,
        dedupKey: `revoked:${r.userId}:${r.achievementId}:${r.sourceEventId}`,
      };
      if (level)
        return {
          ...base,
          kind: 'level.down',
          fields: {
            level: r.level,
            previousLevel: Number(level[1]),
            reason: r.reason ?? null,
          },
        };
      return {
        ...base,
        kind: 'achievement.revoked',
        fields: {
          achievementId: r.achievementId,
          name: r.name,
          reason: r.reason ?? null,
          clawback: r.clawback === true,
        },
      };
    }
    case Topics.ProgressUpdated: {
      const p = m as TopicMessages[typeof Topics.ProgressUpdated];
      return {
        kind: p.type,
        tenantId: p.tenantId,
        userId: p.userId,
        dedupKey: `progress:${p.dedupKey}`,
        at: p.at,
        fields: { subject: p.subject, data: p.data, ...p.data },
        ...(p.sourceEventId ? { eventId: p.sourceEventId } : {}),
        ...(p.occurredAt ? { occurredAt: p.occurredAt } : {}),
        ...(p.scopes ? { scopes: p.scopes } : {}),
      };
    }
    case Topics.LeaderboardRank: {
      const r = m as TopicMessages[typeof Topics.LeaderboardRank];
      return {
        kind: r.kind,
        tenantId: r.tenantId,
        dedupKey: `rank:${r.dedupKey}`,
        at: r.at,
        fields: {
          board: r.board,
          window: r.window,
          scope: r.scope,
          dimension: dimensionOf(r.scope),
          period: r.period,
          revision: r.revision,
          members: r.members,
          rank: r.rank,
          score: r.score,
          previousRank: r.previousRank ?? null,
          tier: r.tier ?? null,
          reason: r.reason ?? null,
        },
        ...(r.userId ? { userId: r.userId } : {}),
        ...scopeOf(r.scope),
      };
    }
    case Topics.LeaderboardUpdated: {
      const u = m as LeaderboardUpdatedMessage;
      return {
        kind: 'ranking.updated',
        tenantId: u.tenantId,
        dedupKey: `ranking:${u.dedupKey}`,
        at: u.at,
        fields: {
          board: u.board,
          window: u.window,
          scope: u.scope,
          dimension: dimensionOf(u.scope),
          period: u.period,
          top: u.top.map((t) => ({
            user_id: t.userId,
            rank: t.rank,
            score: t.score,
          })),
          leader: u.top[0]?.userId ?? null,
          top3Changed: u.top3Changed,
          periodChanged: u.periodChanged,
          total: u.total,
        },
        ...scopeOf(u.scope),
      };
    }
    case Topics.RedemptionUpdated: {
      const r = m as TopicMessages[typeof Topics.RedemptionUpdated];
      return {
        kind: `redemption.${r.status}`,
        tenantId: r.tenantId,
        userId: r.userId,
        dedupKey: `redemption:${r.dedupKey}`,
        at: r.at,
        fields: {
          redemptionId: r.redemptionId,
          itemId: r.itemId,
          status: r.status,
          cost: r.cost,
          currency: r.currency,
          reason: r.reason ?? null,
        },
      };
    }
  }
  return null;
}

/** A board scope `community=7` (or `community:7`) as the outcome's scopes: `{ community: "7" }`. */
function scopeOf(scope: string | undefined): {
  scopes?: Scopes;
} {
  const m = scope ? /^([^=:#]+)[=:](.+)$/.exec(scope) : null;
  return m ? { scopes: { [m[1]!]: m[2]! } } : {};
}

/** The dimension a board scope is ranked within (`community` for `community:7`), null for the global board. */
const dimensionOf = (scope: string | undefined): string | null => (scope ? (/^([^=:#]+)[=:]/.exec(scope)?.[1] ?? null) : null);
