import { Inject, Injectable } from '@nestjs/common';
import { kindMatches, Topics, type LeaderboardRankMessage, type ProgressUpdatedMessage } from '@questline/contracts';
import { LIVE_CHANNEL, type DeliveredMessage, type LiveChannel } from '@questline/messaging';
import { enqueueWebhookDeliveries, PG_POOL, type SqlPool } from '@questline/persistence';
import { LOGGER, type Logger } from '@questline/platform';
import { dayLabel, isMetricTally, PACK_CATALOG, periodOf, type Pack, type PackCatalog } from '@questline/rules';
import { renderTitle, type NotificationSettings } from '../../domain/templates';
import { NOTIFICATION_REPOSITORY, type NewNotification, type NotificationRepository, type NotificationView, type StoredNotification } from '../../domain/notification.repository';
import { feedChannel } from '../stream-notifications/user-streams';

export type OutcomeMessage = DeliveredMessage<
  | typeof Topics.PointsAwarded
  | typeof Topics.BalanceChanged
  | typeof Topics.AchievementUnlocked
  | typeof Topics.ProgressUpdated
  | typeof Topics.AchievementRevoked
  | typeof Topics.LeaderboardRank
  | typeof Topics.RedemptionUpdated
>;

/** Turns outcomes into the user's notification feed. */
@Injectable()
export class RecordNotificationsUseCase {
  constructor(
    @Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository,
    @Inject(LIVE_CHANNEL) private readonly live: LiveChannel,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(PG_POOL) private readonly pool: SqlPool,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async execute(batch: OutcomeMessage[]): Promise<void> {
    // Period-wide leaderboard messages (computed, locked) concern no one user; a ranked metric's
    // tally (`metric.<id>`, kept in the ledger for its board) is not points a user earned; an entry
    // of 0 (a penalty a currency's floor held back entirely) changed nothing to tell.
    const raw = batch
      .filter(
        (m) =>
          (m.topic !== Topics.LeaderboardRank || m.value.userId) &&
          !((m.topic === Topics.PointsAwarded || m.topic === Topics.BalanceChanged) && (isMetricTally(m.value.currency) || m.value.amount === 0)),
      )
      .map((m) => toNotification(m, (t) => this.packs.get(t)));
    const stored = await this.notifications.add(await this.personalise(raw));
    await this.announce(stored.filter((n) => n.seq > 0));
    // A period locked (final standings, no one user's): for the tenant's webhooks only.
    const locked = batch.filter((m) => m.topic === Topics.LeaderboardRank && !m.value.userId && m.value.kind === 'rank.locked').map((m) => m.value as LeaderboardRankMessage);
    await enqueueWebhookDeliveries(
      this.pool,
      locked.map((r) => ({
        tenantId: r.tenantId,
        messageId: `msg_rank_${r.dedupKey}`,
        kind: 'leaderboard.period.locked',
        payload: { type: 'leaderboard.period.locked', timestamp: new Date().toISOString(), data: { board: r.board, window: r.window, scope: r.scope, period: r.period, revision: r.revision } },
      })),
    );
  }

  /**
   * Each user's preferences and the tenant's pack decide what is recorded and how it reads: muted
   * kinds are dropped, titles come from the pack's templates in the user's locale, batched kinds
   * join the user's open group, and the channels (in-app, webhook) the user turned off are marked.
   */
  private async personalise(raw: NewNotification[]): Promise<NewNotification[]> {
    const byTenant = new Map<string, NewNotification[]>();
    for (const n of raw) {
      const list = byTenant.get(n.tenantId);
      if (list) list.push(n);
      else byTenant.set(n.tenantId, [n]);
    }
    const out: NewNotification[] = [];
    for (const [tenantId, list] of byTenant) {
      const prefs = await this.notifications.preferences(tenantId, [...new Set(list.map((n) => n.userId))]);
      const settings = this.packs.get(tenantId)?.notifications as NotificationSettings | undefined;
      for (const n of list) {
        const p = prefs.get(n.userId)!;
        if (kindMatches(p.muted, n.kind) || kindMatches(settings?.mute ?? [], n.kind)) continue;
        // Built only where a template or batching reads them: most kinds of most packs have neither.
        const templated = settings?.templates?.[n.kind] !== undefined;
        const windowSeconds = settings?.batch?.[n.kind]?.windowSeconds;
        if (templated || windowSeconds) {
          const amount = typeof n.data['amount'] === 'number' ? n.data['amount'] : 0;
          // Object.assign, not a spread followed by properties: see hot-path spreads in the README.
          const vars: Record<string, unknown> = Object.assign({}, n.data, { title: n.title, count: 1, total: amount });
          const title = (templated ? renderTitle(settings, n.kind, p.locale, vars) : undefined) ?? n.title;
          if (windowSeconds) {
            // Points group per rule and currency ("+250 xp from 5 answers liked"), corrections per
            // currency and run (a run's entries read as one net figure, two runs never merge), debits
            // per currency; other kinds per kind.
            const key =
              n.kind === 'points.awarded'
                ? `${n.kind}:${String(n.data['ruleId'] ?? '')}:${String(n.data['currency'])}`
                : n.kind === 'points.corrected'
                  ? `${n.kind}:${String(n.data['currency'])}:${String(n.data['runId'] ?? '')}`
                  : n.kind.startsWith('points.')
                    ? `${n.kind}:${String(n.data['currency'])}`
                    : n.kind;
            const base = Object.assign({}, n);
            n.group = { key, windowMs: windowSeconds * 1000 };
            n.retitle = (count: number, total: number) => renderTitle(settings, base.kind, p.locale, Object.assign({}, vars, { count, total })) ?? groupTitle(base, count, total);
          }
          n.title = title;
        }
        // In place: `raw` is this batch's own (toNotification built each one).
        n.inApp = p.inApp;
        n.webhook = p.webhook;
        out.push(n);
      }
    }
    return out;
  }

  /**
   * After the commit, before the offsets: each user's open streams, on any instance, hear of the
   * batch's notifications (a redelivered batch announces again; streams skip numbers they sent). A
   * lost announcement costs latency, not data: the next one, or a reconnect, reads the database.
   */
  private async announce(stored: StoredNotification[]): Promise<void> {
    const byUser = new Map<string, { tenantId: string; userId: string; items: NotificationView[] }>();
    for (const { tenantId, userId, inserted: _inserted, ...n } of stored) {
      const k = feedChannel(tenantId, userId);
      const e = byUser.get(k) ?? { tenantId, userId, items: [] };
      e.items.push(n);
      byUser.set(k, e);
    }
    try {
      await this.live.publishAll([...byUser].map(([channel, e]) => ({ channel, message: JSON.stringify(e.items) })));
    } catch (err) {
      this.log.warn({ err, users: byUser.size }, 'live announcement failed; streams catch up on their next event or reconnect');
    }
  }
}

function toNotification(m: OutcomeMessage, packOf: (tenantId: string) => Pack | undefined): NewNotification {
  // A spend, refund or expiry comes on balance.changed (and, during the transition, on points.awarded
  // too): one feed entry either way, deduplicated on the ledger key.
  if (m.topic === Topics.PointsAwarded || m.topic === Topics.BalanceChanged) {
    const o = m.value;
    // A re-scoring correction is its own kind, so a tenant can word, group or mute it apart from
    // earnings (a run's −20 and +5 entries are not "points earned").
    const corrected = m.topic === Topics.PointsAwarded && m.value.kind === 'compensate';
    const run = m.topic === Topics.PointsAwarded ? m.value.rescore : undefined;
    // Spending, refunds and expiries are their own kinds, said as such ("Spent 50 coins", not "-50
    // coins" among the earnings): a feed, a template, a mute list or a webhook tells them apart.
    const debit = o.kind === 'spend' || o.kind === 'refund' || o.kind === 'expire' ? DEBIT_KINDS[o.kind] : undefined;
    const signed = `${o.amount >= 0 ? '+' : ''}${o.amount} ${o.currency}`;
    return {
      tenantId: o.tenantId,
      userId: o.userId,
      kind: debit?.kind ?? (corrected ? 'points.corrected' : 'points.awarded'),
      title: debit ? debit.title(Math.abs(o.amount), o.currency) : corrected ? `Correction: ${signed}${run?.reason ? ` (${run.reason})` : ''}` : signed,
      data: {
        amount: o.amount,
        currency: o.currency,
        eventId: o.eventId,
        eventType: o.eventType,
        ruleId: o.ruleId,
        lifetime: o.lifetime,
        spendable: o.spendable,
        // A correction names the run that wrote it (and a reversal's reason): corrections group per run.
        ...(corrected && run ? { runId: run.runId, reason: run.reason ?? null } : {}),
      },
      dedupKey: `points:${o.ledgerKey}`,
    };
  }
  if (m.topic === Topics.ProgressUpdated) return progressNotification(m.value, packOf(m.value.tenantId));
  if (m.topic === Topics.RedemptionUpdated) {
    const r = m.value;
    const titles = { started: 'Redemption started', finalized: 'Reward redeemed', failed: 'Redemption failed: cost refunded' } as const;
    return {
      tenantId: r.tenantId,
      userId: r.userId,
      kind: `redemption.${r.status}`,
      title: `${titles[r.status]}: ${r.itemId}`,
      data: { redemptionId: r.redemptionId, itemId: r.itemId, status: r.status, cost: r.cost, currency: r.currency, reason: r.reason },
      dedupKey: r.dedupKey,
    };
  }
  if (m.topic === Topics.LeaderboardRank) return rankNotification(m.value, packOf(m.value.tenantId));
  if (m.topic === Topics.AchievementRevoked) {
    const r = m.value;
    return {
      tenantId: r.tenantId,
      userId: r.userId,
      kind: 'achievement.revoked',
      title: /^level-\d+$/.test(r.achievementId) ? `Back to level ${r.level}` : `Achievement withdrawn: ${r.name}`,
      // `category` and `class` as on unlocks, so one template can word both (`level`: the user's level now).
      data: {
        achievementId: r.achievementId,
        name: r.name,
        category: /^level-\d+$/.test(r.achievementId) ? 'level' : 'achievement',
        class: packOf(r.tenantId)?.achievements.find((d) => d.id === r.achievementId)?.class ?? null,
        level: r.level,
        eventId: r.sourceEventId,
        reason: r.reason ?? null,
        clawback: r.clawback === true,
      },
      dedupKey: `revoked:${r.userId}:${r.achievementId}:${r.sourceEventId}`,
    };
  }
  const a = m.value;
  // A level reached is an unlock of `level-<n>`: said as a level (and `category`/`level` let a
  // template tell the two apart: `{category, select, level {…} other {…}}`).
  const level = /^level-(\d+)$/.exec(a.achievementId);
  return {
    tenantId: a.tenantId,
    userId: a.userId,
    kind: 'achievement.unlocked',
    title: level ? `Level ${level[1]} reached` : `Achievement unlocked: ${a.name}`,
    data: {
      achievementId: a.achievementId,
      name: a.name,
      category: level ? 'level' : 'achievement',
      level: level ? Number(level[1]) : null,
      class: packOf(a.tenantId)?.achievements.find((d) => d.id === a.achievementId)?.class ?? null,
      eventId: a.sourceEventId,
      occurrence: a.occurrence ?? null,
      basis: a.basis ?? null,
    },
    // An unlock row is unique per (user, achievement, occurrence), so its source event is stable
    // across redeliveries; a level lost and reached again is announced again.
    dedupKey: `achievement:${a.userId}:${a.achievementId}:${a.sourceEventId}${a.occurrence ? `:${a.occurrence}` : ''}`,
  };
}

/** Ledger debits (and a refund of one) as notifications: the kind and its default title (amount unsigned). */
const DEBIT_KINDS = {
  spend: { kind: 'points.spent', title: (amount: number, currency: string) => `Spent ${amount} ${currency}` },
  refund: { kind: 'points.refunded', title: (amount: number, currency: string) => `Refunded ${amount} ${currency}` },
  expire: { kind: 'points.expired', title: (amount: number, currency: string) => `${amount} ${currency} expired` },
} as const;

/** A batched group's title when the pack has no template for it. */
function groupTitle(n: NewNotification, count: number, total: number): string {
  if (n.kind === 'points.awarded') return `${total >= 0 ? '+' : ''}${total} ${String(n.data['currency'])} (${count} times)`;
  for (const d of Object.values(DEBIT_KINDS)) if (n.kind === d.kind) return `${d.title(Math.abs(total), String(n.data['currency']))} (${count} times)`;
  if (n.kind === 'points.corrected') {
    const reason = typeof n.data['reason'] === 'string' ? `, ${n.data['reason']}` : '';
    return `Correction: ${total >= 0 ? '+' : ''}${total} ${String(n.data['currency'])} (${count} entries${reason})`;
  }
  return `${n.title} (and ${count - 1} more)`;
}

/** Streaks, missions, quests and counters, in words a feed can show. */
function progressNotification(p: ProgressUpdatedMessage, pack: Pack | undefined): NewNotification {
  const d = p.data;
  // Missions and quests by the name the pack gives them (their id when the pack no longer has them).
  const named = (list: { id: string; name?: string }[] | undefined) => list?.find((q) => q.id === p.subject)?.name ?? p.subject;
  // A streak's unit from its definition (`period: day | week`); "period" when the pack no longer has it.
  const unit = ({ day: 'day', week: 'week' } as Record<string, string>)[pack?.streaks?.find((s) => s.id === p.subject)?.period ?? ''] ?? 'period';
  const missions = Number(d['mission_count']);
  // A back-dated event assigns the missions of its own day: name that day unless it is today (in the tenant's zone).
  const day = p.type === 'mission.assigned' && typeof d['date'] === 'string' && d['date'] !== dayLabel(periodOf(Date.now(), 'day', pack?.timezone || 'UTC')) ? d['date'] : 'today';
  const titles: Record<ProgressUpdatedMessage['type'], string> = {
    'streak.started': 'Streak started',
    'streak.continued': `${String(d['streak_day'])}-${unit} streak`,
    'streak.milestone': `Streak milestone: ${String(d['milestone'])}${d['bonus_xp'] ? ` (+${String(d['bonus_xp'])} ${String(d['currency'])})` : ''}`,
    'streak.freeze_used': `Streak freeze used (${String(d['freezes_left'])} left)`,
    'streak.broken': `Your ${String(d['previous_streak'])}-${unit} streak ended`,
    'streak.repaired': `Streak repaired: ${String(d['streak_day'])}`,
    'mission.assigned': `${missions} mission${missions === 1 ? '' : 's'} for ${day}`,
    'mission.completed': `Mission complete: ${named(pack?.missions?.pool)}`,
    'quest.step_completed': `Quest step done: ${String(d['step'])}`,
    'quest.completed': `Quest complete: ${named(pack?.quests)}`,
    'quest.expired': `Quest expired: ${named(pack?.quests)}`,
    'counter.milestone': `${named(pack?.counters)}: ${String(d['milestone'])} reached`,
    'metric.milestone': `${named(pack?.metrics)}: ${String(d['milestone'])} reached`,
  };
  return {
    tenantId: p.tenantId,
    userId: p.userId,
    kind: p.type,
    title: titles[p.type],
    data: { subject: p.subject, ...d, eventId: p.sourceEventId },
    dedupKey: `progress:${p.dedupKey}`,
  };
}

/** Final ranks, re-ranks and league results. */
function rankNotification(r: LeaderboardRankMessage, pack: Pack | undefined): NewNotification {
  // Boards and leagues by the name the pack gives them (their id when it has none).
  const board = pack?.leaderboards.find((b) => b.id === r.board)?.name ?? pack?.leagues?.find((l) => l.id === r.board)?.name ?? r.board;
  const where = `${board}${r.scope === 'global' ? '' : ` (${r.scope})`}, ${r.period}`;
  const titles: Record<LeaderboardRankMessage['kind'], string> = {
    'rank.computed': '',
    'rank.locked': '',
    'rank.published': `You finished #${r.rank} on ${where}`,
    'rank.reranked':
      r.previousRank === r.rank && r.previousScore !== undefined
        ? `Your score on ${where} is now ${r.score} (was ${r.previousScore}; still #${r.rank})`
        : `Your rank on ${where} is now #${r.rank} (was ${r.previousRank ? `#${r.previousRank}` : 'unranked'})`,
    'rank.removed': `You were taken off ${where}`,
    'league.promoted': `Promoted to ${r.tier}: #${r.rank} in ${board}`,
    'league.demoted': `Down to ${r.tier}: #${r.rank} in ${board}`,
    'league.stayed': `Staying in ${r.tier}: #${r.rank} in ${board}`,
  };
  return {
    tenantId: r.tenantId,
    userId: r.userId!,
    kind: `leaderboard.${r.kind}`,
    title: titles[r.kind],
    data: { board: r.board, window: r.window, scope: r.scope, period: r.period, rank: r.rank, score: r.score, previousRank: r.previousRank, previousScore: r.previousScore, tier: r.tier, revision: r.revision },
    dedupKey: `rank:${r.dedupKey}`,
  };
}
