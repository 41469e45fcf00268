import type { BoardErasure } from '@questline/contracts';
import type { PackCatalog } from '@questline/rules';
import type { RankStore } from '../../domain/rank-store.port';
import { cohortRef } from '../leagues/league-calendar';

/**
 * A deleted user off the tenant's rank store: every live period and scope of every board, the
 * league cohorts they sat in, the exclusion set (their pseudonym takes their place there, so a
 * rebuild from the ledger keeps the anonymised rows off the boards), and the guards of their awards.
 * Needs only the rank store and the packs: the runtime provides it to the service that deletes.
 */
export class RankStoreErasure implements BoardErasure {
  constructor(
    private readonly ranks: RankStore,
    private readonly packs: PackCatalog,
  ) {}

  async erase({ tenantId, userId, pseudonym, awardKeys, cohorts }: Parameters<BoardErasure['erase']>[0]): Promise<number> {
    await this.ranks.setExcluded(tenantId, [pseudonym], true);
    let sets = 0;
    for (const def of this.packs.get(tenantId)?.leaderboards ?? []) {
      for (const set of await this.ranks.periods(tenantId, def.id)) {
        for (const member of [userId, pseudonym]) {
          if ((await this.ranks.rankOf(set, member)) === null) continue;
          await this.ranks.setMember(set, member, null);
          if (member === userId) sets++;
        }
      }
    }
    for (const c of cohorts) {
      const set = cohortRef(tenantId, c.leagueId, c.week, c.tier, c.cohort);
      if ((await this.ranks.rankOf(set, userId)) === null) continue;
      await this.ranks.setMember(set, userId, null);
      sets++;
    }
    await this.ranks.forget(tenantId, awardKeys);
    await this.ranks.setExcluded(tenantId, [userId], false);
    return sets;
  }
}
