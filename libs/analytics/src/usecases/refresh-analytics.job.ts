import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, LOGGER, Scheduled, type AppConfig, type Logger } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { ANALYTICS_REPOSITORY, type AnalyticsRepository } from '../domain/analytics.repository';
import { addDays, consecutiveRuns, daysBetween, localDay } from '../domain/days';

/** Days recomputed per transaction. */
const DAYS_PER_TRANSACTION = 7;

export interface RefreshResult {
  tenantId: string;
  days: number;
  rows: number;
}

/**
 * Keeps the analytics aggregates current: every ANALYTICS_INTERVAL_MS, per tenant, the local days
 * (the pack's time zone) of every source row written since the last pass — minus
 * ANALYTICS_OVERLAP_MS, so rows of transactions still open then are seen too — are recomputed
 * whole from the event store, the ledger, unlocks, progress and redemptions. Late events,
 * redeliveries and re-scoring land in their own day; a recompute replaces that day's rows, so
 * passes that overlap or repeat change nothing. A tenant seen for the first time, or whose zone
 * changed, is recomputed from its first day.
 */
@Injectable()
export class RefreshAnalyticsJob extends Scheduled {
  constructor(
    @Inject(ANALYTICS_REPOSITORY) private readonly repo: AnalyticsRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.schedule('analytics', config.ANALYTICS_INTERVAL_MS, () => this.execute(), logger);
  }

  /** One pass over every tenant (or one); a tenant that fails is logged and retried next pass, the others go on. */
  async execute(only?: string): Promise<RefreshResult[]> {
    const out: RefreshResult[] = [];
    for (const tenantId of only ? [only] : this.packs.tenants()) {
      try {
        const result = await this.refresh(tenantId);
        if (result) out.push(result);
      } catch (err) {
        if (only) throw err;
        this.logger.warn({ err, tenant: tenantId }, 'analytics pass failed for this tenant; retried next pass');
      }
    }
    return out;
  }

  private async refresh(tenantId: string): Promise<RefreshResult | null> {
    const pack = this.packs.get(tenantId);
    if (!pack) return null;
    const zone = pack.timezone ?? 'UTC';
    // The database's clock: the same for every instance, and the one the rows were stamped with.
    const now = await this.repo.now();
    const mark = await this.repo.watermark(tenantId);
    if (mark && mark.zone !== zone) await this.repo.dropAll(tenantId);
    const since = mark && mark.zone === zone ? new Date(mark.through.getTime() - this.config.ANALYTICS_OVERLAP_MS) : null;
    const days = await this.repo.changedDays(tenantId, zone, since);
    const rows = await this.recompute(tenantId, zone, days, openFrom(now, zone, pack.ingest?.maxEventAgeDays));
    await this.repo.setWatermark(tenantId, now, zone);
    if (days.length > 0) this.logger.debug({ tenant: tenantId, days: days.length, rows }, 'analytics recomputed');
    return { tenantId, days: days.length, rows };
  }

  /** Recomputes every day from `from` to `to` (a backfill, or after a correction); at most 400 days. */
  async backfill(tenantId: string, from: string, to: string): Promise<RefreshResult> {
    const pack = this.packs.get(tenantId);
    const zone = pack?.timezone ?? 'UTC';
    const days = daysBetween(from, to);
    return { tenantId, days: days.length, rows: await this.recompute(tenantId, zone, days, openFrom(await this.repo.now(), zone, pack?.ingest?.maxEventAgeDays)) };
  }

  private async recompute(tenantId: string, zone: string, days: string[], open: string): Promise<number> {
    let rows = 0;
    for (const part of consecutiveRuns(days, DAYS_PER_TRANSACTION)) rows += await this.repo.recompute(tenantId, zone, part, open);
    return rows;
  }
}

/** The first local day an event may still arrive for (the pack's `ingest.maxEventAgeDays`, a day of margin). */
export function openFrom(now: Date, zone: string, maxEventAgeDays = 30): string {
  return addDays(localDay(now, zone), -(Math.ceil(maxEventAgeDays) + 1));
}
