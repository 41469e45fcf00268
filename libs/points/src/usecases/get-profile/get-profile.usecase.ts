import { Inject, Injectable } from '@nestjs/common';
import { BOARD_RANKS, type BoardRanks } from '@questline/contracts';
import { PACK_CATALOG, isMetricTally, levelBasis, levelFor, type PackCatalog } from '@questline/rules';
import { LEDGER_REPOSITORY, type LedgerRepository } from '../../domain/ledger.repository';

export interface Profile {
  userId: string;
  balances: Record<string, { lifetime: number; spendable: number; net: number }>;
  level: { currency: string; level: number; nextAt: number | null } | null;
  /** All-time ranks on the boards that keep an all-time window (other windows: `GET /v1/users/{id}/ranks`). */
  ranks: { board: string; window: 'all-time'; rank: number; score: number }[];
}

@Injectable()
export class GetProfileUseCase {
  constructor(
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
    @Inject(BOARD_RANKS) private readonly ranks: BoardRanks,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  async execute(tenantId: string, userId: string): Promise<Profile> {
    const pack = this.packs.get(tenantId);
    const balances = await this.ledger.balances(tenantId, userId);
    // A ranked metric's tally is board state, not a balance: the metric itself is under /metrics.
    const byCurrency = Object.fromEntries(balances.filter((b) => !isMetricTally(b.currency)).map((b) => [b.currency, { lifetime: b.lifetime, spendable: b.spendable, net: b.net }]));
    const curve = pack?.levels;
    const ranks = await this.ranks.allTime(tenantId, userId);
    return {
      userId,
      balances: byCurrency,
      level: curve ? { currency: curve.currency, ...levelFor(curve, levelBasis(curve, byCurrency[curve.currency] ?? { lifetime: 0, net: 0 })) } : null,
      ranks: ranks.map((r) => ({ board: r.board, window: 'all-time' as const, rank: r.rank, score: r.score })),
    };
  }
}
