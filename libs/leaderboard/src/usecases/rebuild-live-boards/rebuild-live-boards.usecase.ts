import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { BOARD_LEDGER, type BoardLedgerReader } from '../../domain/board-ledger.reader';
import { calendarOf, lifecycleOf, scopeName } from '../../domain/board-targets';
import { RANK_STORE, type RankStore } from '../../domain/rank-store.port';
import { currentPeriod, endedPeriods, periodRange } from '../../domain/windows';
import { RebuildBoardUseCase } from '../rebuild-board/rebuild-board.usecase';

/**
 * Every live board period (the running period of each window, and ended ones not yet locked), in
 * every scope the ledger has for it, rebuilt from the ledger. Run at start when the rank store does
 * not survive a restart (standalone mode's in-memory store over a saved embedded database): the
 * boards come back as the ledger says, instead of empty.
 */
@Injectable()
export class RebuildLiveBoardsUseCase implements OnApplicationBootstrap {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(RANK_STORE) private readonly ranks: RankStore,
    @Inject(BOARD_LEDGER) private readonly ledger: BoardLedgerReader,
    private readonly rebuild: RebuildBoardUseCase,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.ranks.durable) return;
    const started = Date.now();
    const { boards, members } = await this.execute({});
    if (members > 0) this.logger.info({ boards, members, ms: Date.now() - started }, 'in-memory leaderboards rebuilt from the ledger');
  }

  async execute({ now = Date.now(), tenantId }: { now?: number; tenantId?: string }): Promise<{ boards: number; members: number }> {
    let boards = 0;
    let members = 0;
    for (const t of tenantId ? [tenantId] : this.packs.tenants()) {
      const pack = this.packs.get(t);
      for (const def of pack?.leaderboards ?? []) {
        const cal = calendarOf(pack!, def);
        for (const window of def.windows ?? ['all-time']) {
          const current = currentPeriod(window, now, cal);
          const recent = endedPeriods(window, now, cal, 8).filter((p) => p.to + lifecycleOf(def).lockAfterMs > now).map((p) => p.period);
          for (const period of [...(current ? [current] : []), ...recent]) {
            const range = periodRange(window, period, cal);
            if (!range || range.from > now) continue;
            const scopes = await this.ledger.scopeValues(t, def.currency, new Date(range.from), new Date(range.to), def.scopes ?? []);
            for (const scope of [undefined, ...scopes]) {
              const r = await this.rebuild.execute({ tenantId: t, boardId: def.id, window, period, scope: scope ? scopeName(scope) : undefined });
              boards++;
              members += r.members;
            }
          }
        }
      }
    }
    return { boards, members };
  }
}
