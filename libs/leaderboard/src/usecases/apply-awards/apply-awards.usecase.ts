import { Inject, Injectable } from '@nestjs/common';
import type { BoardUpdates, CommittedAward } from '@questline/contracts';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { boardTargets, scopeName } from '../../domain/board-targets';
import type { AnnouncedView } from '../../domain/announcement.store';
import { RankingAnnouncer } from '../announce-rankings/ranking-announcer';
import { RANK_STORE, type GuardedAward, type RankStore } from '../../domain/rank-store.port';
import { LeagueSeating } from '../leagues/league-seating';

/**
 * What the points context hands over after its ledger transaction committed (the BoardUpdates
 * port): every board period, scope and league cohort each award counts on, moved at most once per
 * award. League seats first (a Postgres write), then one guarded rank-store call per tenant for the
 * whole batch. Idempotent: a redelivered batch changes nothing.
 */
@Injectable()
export class ApplyAwardsUseCase implements BoardUpdates {
  constructor(
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    private readonly leagues: LeagueSeating,
    private readonly announcer: RankingAnnouncer,
  ) {}

  async apply(awards: CommittedAward[]): Promise<void> {
    // Each award with its time in ms, built once (literals, not spreads: see hot-path spreads in the README).
    const entries = awards.map((a) => ({ tenantId: a.tenantId, userId: a.userId, currency: a.currency, amount: a.amount, occurredAt: Date.parse(a.occurredAt), idempotencyKey: a.idempotencyKey, scopes: a.scopes }));
    const cohorts = await this.leagues.cohortUpdates(entries);
    const byTenant = new Map<string, GuardedAward[]>();
    const moved: AnnouncedView[] = [];
    for (const e of entries) {
      const pack = this.packs.get(e.tenantId);
      if (!pack) continue;
      const targets = boardTargets(pack, e.tenantId, e);
      for (const t of targets) if (t.def.updates) moved.push({ tenantId: e.tenantId, boardId: t.def.id, window: t.window, scope: scopeName(t.set.kind === 'board' ? t.set.scope : undefined) });
      const updates = [...targets, ...(cohorts.get(e.idempotencyKey) ?? [])];
      if (updates.length === 0) continue;
      const list = byTenant.get(e.tenantId) ?? [];
      list.push({ awardKey: e.idempotencyKey, member: e.userId, updates });
      byTenant.set(e.tenantId, list);
    }
    await Promise.all([...byTenant].map(([tenantId, list]) => this.ranks.applyOnce(tenantId, list)));
    // Boards that announce their changes (a redelivered batch touches them again: unchanged tops are not re-announced).
    this.announcer.touch(moved);
  }

  /** The port's one method, under the project's one use-case shape. */
  execute(command: { awards: CommittedAward[] }): Promise<void> {
    return this.apply(command.awards);
  }
}
