import { Inject, Injectable } from '@nestjs/common';
import type { ProgressOutcome } from '@questline/contracts';
import { APP_CONFIG, LOGGER, Scheduled, type AppConfig, type Logger } from '@questline/platform';
import { expireStreak, PACK_CATALOG, streakKey, type PackCatalog, type StreakState } from '@questline/rules';
import { PROGRESS_REPOSITORY, type ProgressRepository } from '../domain/decision.store';
import { ProgressService } from './progress.service';

const BATCH = 500;

/**
 * The scheduled job behind `streak.broken` (seed 004: "Missed day", source Job): every
 * STREAK_SWEEP_INTERVAL_MS it takes the streaks whose break time has passed, spends a freeze
 * if the user holds one, else announces the break. Each entry is handled under the lock event
 * scoring takes, so a late event and the job never both write it; any number of rules-engine
 * processes can run it.
 */
@Injectable()
export class StreakSweeper extends Scheduled {
  constructor(
    @Inject(PROGRESS_REPOSITORY) private readonly progress: ProgressRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly service: ProgressService,
  ) {
    super();
    this.schedule('streak sweep', config.STREAK_SWEEP_INTERVAL_MS, () => this.sweep(), logger);
  }

  /** One pass: every due entry as of `now`. Returns how many were looked at. */
  async sweep(now = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.progress.sweepDue(now, BATCH, async (due) => {
        const outcomes: { tenantId: string; packVersion: number; outcome: ProgressOutcome }[] = [];
        const updates = due.map((d) => {
          const pack = this.packs.get(d.tenantId);
          const def = pack?.streaks.find((s) => streakKey(s) === d.key);
          // The streak left the pack (or the tenant did): nothing to watch any more.
          if (!pack || !def) return { ...d, dueAt: null };
          const step = expireStreak(pack, def, d.userId, d.state as StreakState, now.getTime());
          for (const outcome of step.outcomes) outcomes.push({ tenantId: d.tenantId, packVersion: pack.version, outcome });
          return { ...d, state: step.state, dueAt: step.dueAt };
        });
        // Published before the state commits: a crash in between repeats the announcement on the
        // next pass (same dedup keys), it never loses it.
        const byTenant = new Map<string, typeof outcomes>();
        for (const o of outcomes) byTenant.set(o.tenantId, [...(byTenant.get(o.tenantId) ?? []), o]);
        for (const [tenantId, list] of byTenant) await this.service.publish(tenantId, list[0]!.packVersion, list.map((o) => o.outcome), null);
        return updates;
      });
      total += handled;
      if (handled < BATCH) return total;
    }
  }
}
