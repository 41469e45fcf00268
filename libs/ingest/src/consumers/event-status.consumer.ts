import { Inject, Injectable } from '@nestjs/common';
import { ConsumerGroups, scopeValuesOf, Topics, type AchievementUnlockedMessage, type EventStatusMessage } from '@questline/contracts';
import { BusConsumer, MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { METRICS, type Metrics } from '@questline/platform';
import { dimensionValues, PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { INGESTED_EVENT_REPOSITORY, type IngestedEventRepository, type SettledEvent } from '../domain/ingested-event.repository';

/** Past this many distinct values of a tenant's metrics dimension, the rest are labelled `other` (bounded series). */
const MAX_DIMENSION_VALUES = 50;

/** Keeps each accepted event's status and outcomes current (GET /v1/events/{id}). */
@Injectable()
export class EventStatusConsumer extends BusConsumer {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(INGESTED_EVENT_REPOSITORY) private readonly events: IngestedEventRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {
    super();
  }

  protected subscribe(): Promise<Subscription> {
    return this.bus.subscribe({
      groupId: ConsumerGroups.IngestStatus,
      topics: [Topics.EventStatus, Topics.AchievementUnlocked],
      handler: async (batch) => {
        const reports: EventStatusMessage[] = [];
        const unlocks: AchievementUnlockedMessage[] = [];
        for (const m of batch) {
          if (m.topic === Topics.EventStatus) reports.push(m.value);
          else unlocks.push(m.value);
        }
        // Envelopes are read back only for tenants that count metrics per dimension.
        const dimensioned = [...new Set(reports.map((r) => r.tenantId))].filter((t) => this.packs.get(t)?.metricsDimension);
        this.observe(await this.events.applyStatus(reports, dimensioned));
        await this.events.addUnlocks(
          unlocks.map((u) => ({ tenantId: u.tenantId, eventId: u.sourceEventId, achievementId: u.achievementId, userId: u.userId, name: u.name })),
        );
      },
    });
  }

  private readonly seen = new Map<string, Set<string>>();

  /** Seed 002 §9.1: volume, error rate and processing time per journey (the pack's metricsDimension). */
  private observe(settled: SettledEvent[]): void {
    const now = Date.now();
    // Grouped by label set: a labelled inc or observe hashes its labels on every call, and a batch
    // has few label sets (tenants × dimension values × statuses) for many events.
    const groups = new Map<string, { tenant: string; dimension: string; status: string; seconds: number[] }>();
    for (const e of settled) {
      const pack = this.packs.get(e.tenantId);
      const dimension = pack?.metricsDimension && e.envelope ? this.label(e.tenantId, scopeValuesOf(dimensionValues(pack, e.envelope)?.[pack.metricsDimension])[0] ?? 'none') : 'all';
      const k = `${e.tenantId}\u0000${dimension}\u0000${e.status}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { tenant: this.metrics.tenant(e.tenantId), dimension, status: e.status, seconds: [] }));
      g.seconds.push(Math.max(0, now - e.receivedAtMs) / 1000);
    }
    for (const { tenant, dimension, status, seconds } of groups.values()) {
      this.metrics.eventsSettled.inc({ tenant, dimension, status }, seconds.length);
      const histogram = this.metrics.eventProcessing.labels({ tenant, dimension });
      for (const s of seconds) histogram.observe(s);
    }
  }

  private label(tenantId: string, value: string): string {
    const seen = this.seen.get(tenantId) ?? new Set<string>();
    this.seen.set(tenantId, seen);
    if (seen.has(value)) return value;
    if (seen.size >= MAX_DIMENSION_VALUES) return 'other';
    seen.add(value);
    return value;
  }
}
