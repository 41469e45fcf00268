import { Inject, Injectable } from '@nestjs/common';
import { ALL_TIME, LeaderboardKeys, RANK_STORE, type RankStore } from '@questline/leaderboard';
import { PACK_CATALOG, levelBasis, levelFor, type PackCatalog } from '@questline/rules';
import { LEDGER_REPOSITORY, type LedgerRepository } from '../../domain/ledger.repository';

export interface Profile {
  userId: string;
  balances: Record<string, { lifetime: number; spendable: number; net: number }>;
  level: { currency: string; level: number; nextAt: number | null } | null;
  ranks: { board: string; rank: number; score: number }[];
}

@Injectable()
export class GetProfileUseCase {
  constructor(
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  async execute(tenantId: string, userId: string): Promise<Profile> {
    const pack = this.packs.get(tenantId);
    const balances = await this.ledger.balances(tenantId, userId);
    const byCurrency = Object.fromEntries(balances.map((b) => [b.currency, { lifetime: b.lifetime, spendable: b.spendable, net: b.net }]));
    const curve = pack?.levels;
    const ranks = await Promise.all(
      (pack?.leaderboards ?? []).map(async (b) => {
        const r = await this.ranks.rankOf(LeaderboardKeys.board(tenantId, b.id, ALL_TIME), userId, b.ties ?? 'competition');
        return r ? { board: b.id, rank: r.rank, score: r.score } : null;
      }),
    );
    return {
      userId,
      balances: byCurrency,
      level: curve ? { currency: curve.currency, ...levelFor(curve, levelBasis(curve, byCurrency[curve.currency] ?? { lifetime: 0, net: 0 })) } : null,
      ranks: ranks.filter((r): r is NonNullable<typeof r> => r !== null),
    };
  }
}
