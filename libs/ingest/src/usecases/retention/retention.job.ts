import { Inject, Injectable } from '@nestjs/common';
import { ANONYMISED_USER_ID, UNLINKED_USER_ID } from '@questline/contracts';
import { AUDIT_LOG, PG_POOL, type AuditLog, type SqlPool } from '@questline/persistence';
import { APP_CONFIG, LOGGER, METRICS, Scheduled, type AppConfig, type Logger, type Metrics } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { pointerTokens, retentionDays, SCHEMA_REGISTRY, type SchemaRegistry } from '@questline/schema-registry';
import { EVENT_ARCHIVE, type ArchivedEvent, type EventArchive } from '../../domain/event-archive.port';

const PAGE = 1_000;
const ANONYMISE_PAGE = 5_000;
/** The user id of events whose identity was removed after their period; reserved (contracts' user-id rule), so no product event can name it. */
export const ANONYMISED = ANONYMISED_USER_ID;

export interface RetentionReport {
  dryRun: boolean;
  at: string;
  types: { tenantId: string; type: string; days: number; before: string; expired: number; archived: number; files: string[] }[];
  /** Events whose identity was removed (seed 004: after 90 days), per tenant. */
  anonymised: { tenantId: string; days: number; before: string; events: number }[];
}

/**
 * The event store's retention (seed 001's table, the namespaces' `retention`): events older than
 * their type's period are archived (compressed JSON lines with an index) and then deleted, a page
 * at a time, oldest first. The ledger is never touched: balances, boards and rebuilds read only
 * the ledger. Idempotent and resumable: a page is deleted only after its archive file is durable
 * and indexed (a crash in between archives that page again, in another file: readers deduplicate
 * by event id). A dry run counts what would go. Each run is audited per tenant.
 */
@Injectable()
export class RetentionJob extends Scheduled {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(SCHEMA_REGISTRY) private readonly registry: SchemaRegistry,
    @Inject(PG_POOL) private readonly pool: SqlPool,
    @Inject(EVENT_ARCHIVE) private readonly archive: EventArchive,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super();
    this.schedule('event retention', config.RETENTION_INTERVAL_MS, () => this.run({ dryRun: false, actor: 'retention-job' }), logger);
  }

  async run({ tenantId, dryRun, actor, now = Date.now() }: { tenantId?: string; dryRun: boolean; actor: string; now?: number }): Promise<RetentionReport> {
    const report: RetentionReport = { dryRun, at: new Date(now).toISOString(), types: [], anonymised: [] };
    const tenants = tenantId ? [tenantId] : this.packs.tenants();
    for (const t of tenants) {
      const pack = this.packs.get(t);
      const ns = pack ? this.registry.namespace(pack.schemaNamespace) : undefined;
      if (!pack || !ns) continue;
      const types = new Map<string, number>();
      for (const m of this.registry.list()) {
        if (m.namespace !== ns.namespace) continue;
        const days = retentionDays(ns, m.type, this.registry.current(ns.namespace, m.type)?.retention ?? m.retention);
        if (days !== undefined) types.set(m.type, days);
      }
      const mine: RetentionReport['types'] = [];
      for (const [type, days] of [...types].sort()) {
        const before = new Date(now - days * 86_400_000);
        const entry = { tenantId: t, type, days, before: before.toISOString(), expired: 0, archived: 0, files: [] as string[] };
        if (dryRun) {
          entry.expired = Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM ingested_event WHERE tenant_id = $1 AND type = $2 AND occurred_at < $3', [t, type, before])).rows[0]!.n);
        } else {
          for (;;) {
            const page = await this.expired(t, type, before);
            if (page.length === 0) break;
            const written = await this.archive.write(t, type, page);
            await this.pool.query('DELETE FROM ingested_event WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [t, page.map((e) => e.id)]);
            entry.expired += page.length;
            entry.archived += written.count;
            entry.files.push(written.file);
            this.metrics.retentionArchived.inc({ tenant: this.metrics.tenant(t), type }, written.count);
            if (page.length < PAGE) break;
          }
        }
        if (entry.expired > 0 || dryRun) mine.push(entry);
      }
      report.types.push(...mine);
      if (ns.retention?.anonymiseAfterDays) {
        const before = new Date(now - ns.retention.anonymiseAfterDays * 86_400_000);
        const anonymised = await this.anonymise(t, ns.namespace, before, ns.retention.identityMeta ?? [], dryRun);
        report.anonymised.push({ tenantId: t, days: ns.retention.anonymiseAfterDays, before: before.toISOString(), events: anonymised });
        if (!dryRun && anonymised > 0) this.metrics.retentionAnonymised.inc({ tenant: this.metrics.tenant(t) }, anonymised);
        if (!dryRun && anonymised > 0) await this.audit.record([{ tenantId: t, actor, action: 'retention.anonymise', target: t, detail: { before: before.toISOString(), events: anonymised } }]);
      }
      if (!dryRun && mine.some((e) => e.archived > 0)) {
        await this.audit.record([{ tenantId: t, actor, action: 'retention.run', target: t, detail: { types: mine.map(({ files: _f, ...e }) => e) } }]);
      }
    }
    return report;
  }

  /**
   * Seed 004 §8.1: events older than the period lose their identity in the event store — the user
   * id (`_anonymised`), each schema's `pii` fields and the namespace's identity meta fields — a
   * page at a time in event-time order (keyset: resumable, never rescanning a page), rewritten in
   * Postgres (one UPDATE per page and schema version: the envelopes never travel to this process).
   * An event already anonymised is not read again (idempotent).
   */
  private async anonymise(tenantId: string, namespace: string, before: Date, identityMeta: string[], dryRun: boolean): Promise<number> {
    const linked = `user_id NOT IN ('${ANONYMISED}', '${UNLINKED_USER_ID}')`;
    if (dryRun) {
      return Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ingested_event WHERE tenant_id = $1 AND occurred_at < $2 AND ${linked}`, [tenantId, before])).rows[0]!.n);
    }
    let total = 0;
    let after: { at: Date; id: string } = { at: new Date(0), id: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      const { rows } = await this.pool.query<{ id: string; type: string; schema_version: number; occurred_at: Date }>(
        `SELECT id::text, type, schema_version, occurred_at FROM ingested_event
          WHERE tenant_id = $1 AND occurred_at < $2 AND (occurred_at, id) > ($3, $4::uuid) AND ${linked}
          ORDER BY occurred_at, ingested_event.id LIMIT ${ANONYMISE_PAGE}`,
        [tenantId, before, after.at, after.id],
      );
      if (rows.length === 0) break;
      const groups = new Map<string, string[]>();
      for (const r of rows) groups.set(`${r.type}\n${r.schema_version}`, [...(groups.get(`${r.type}\n${r.schema_version}`) ?? []), r.id]);
      for (const [group, ids] of groups) {
        const [type, version] = group.split('\n') as [string, string];
        const paths = (this.registry.document(namespace, type, Number(version))?.metadata.pii ?? []).map((p) => ['payload', ...pointerTokens(p)]);
        const removed = paths.map((_, i) => ` #- $${i + 4}::text[]`).join('');
        await this.pool.query(
          `UPDATE ingested_event SET user_id = '${ANONYMISED}', updated_at = now(),
                  envelope = jsonb_set(envelope${removed}, '{userId}', to_jsonb('${ANONYMISED}'::text))
                             || jsonb_build_object('meta', (coalesce(envelope->'meta', '{}'::jsonb) - $3::text[]) || '{"anonymised": true}'::jsonb)
            WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND ${linked}`,
          [tenantId, ids, identityMeta, ...paths],
        );
      }
      total += rows.length;
      const last = rows.at(-1)!;
      after = { at: last.occurred_at, id: last.id };
      if (rows.length < ANONYMISE_PAGE) break;
    }
    return total;
  }

  private async expired(tenantId: string, type: string, before: Date): Promise<ArchivedEvent[]> {
    const { rows } = await this.pool.query<{ id: string; tenant_id: string; type: string; user_id: string; occurred_at: Date; received_at: Date; status: string; envelope: unknown; outcomes: unknown }>(
      `SELECT id::text, tenant_id, type, user_id, occurred_at, received_at, status, envelope, outcomes
         FROM ingested_event WHERE tenant_id = $1 AND type = $2 AND occurred_at < $3
        ORDER BY occurred_at, id LIMIT ${PAGE}`,
      [tenantId, type, before],
    );
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, type: r.type, userId: r.user_id, occurredAt: r.occurred_at.toISOString(), receivedAt: r.received_at.toISOString(), status: r.status, envelope: r.envelope, outcomes: r.outcomes }));
  }
}
