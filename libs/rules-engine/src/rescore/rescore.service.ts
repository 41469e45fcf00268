import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { eventHeaders, NotFoundError, Topics, userPartitionKey, ValidationFailedError, type Award, type CanonicalEnvelope, type EventScoredMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { PG_POOL, PRISMA, recordAudit, type Db, type SqlPool } from '@questline/persistence';
import type { Principal } from '@questline/platform';
import { decide, MemoryRuleHistory, PACK_CATALOG, type PackCatalog } from '@questline/rules';

const RUN_NAMESPACE = '8c1d3f0e-6a2b-4c5d-9e7f-0a1b2c3d4e5f';
const PAGE = 5_000;

export interface RescoreRequest {
  from: Date;
  to: Date;
  dryRun: boolean;
}

export interface RescoreDiffRow {
  userId: string;
  currency: string;
  before: number;
  after: number;
  delta: number;
}

export interface RescoreResult {
  runId: string;
  dryRun: boolean;
  packVersion: number;
  eventsExamined: number;
  eventsChanged: number;
  /** Per (user, currency): ledger now vs the active pack's answer, biggest changes first (up to 1,000 rows). */
  diff: RescoreDiffRow[];
  totals: Record<string, { gained: number; lost: number; usersAffected: number }>;
  compensations: number;
}

/**
 * Re-scoring: replays the stored events of a time range through the ACTIVE pack, compares each
 * event's new awards with what the ledger holds for that event (its original awards plus earlier
 * corrections), and, unless it is a dry run, sends the differences to the ledger as compensating
 * entries (`kind: compensate`, tagged with the new pack version). History is never edited, and
 * running it again converges: a second run finds nothing left to correct.
 *
 * Reads ingest's `ingested_event` and points' `ledger_entry` (read-only, one shared database);
 * the corrections go to points through `questline.event.scored.v1` like any decision.
 */
@Injectable()
export class RescoreService {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(PG_POOL) private readonly pool: SqlPool,
    @Inject(PRISMA) private readonly db: Db,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async run(tenantId: string, req: RescoreRequest, who: Principal): Promise<RescoreResult> {
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    if (!(req.from < req.to)) throw new ValidationFailedError('`to` must be after `from`.', [{ pointer: '/to', detail: 'must be after from' }], 'invalid_range');
    const runId = uuidv5(`${tenantId}\n${pack.version}\n${req.from.toISOString()}\n${req.to.toISOString()}\n${Date.now()}`, RUN_NAMESPACE);
    const history = new MemoryRuleHistory(); // caps are recomputed over the replayed range, in event-time order
    const diff = new Map<string, RescoreDiffRow>();
    let examined = 0;
    let changed = 0;
    let compensations = 0;
    let after: { at: string; id: string } | undefined;

    for (;;) {
      const { rows } = await this.pool.query<{ id: string; at: string; envelope: CanonicalEnvelope }>(
        `SELECT id::text, occurred_at::text AS at, envelope FROM ingested_event
          WHERE tenant_id = $1 AND status = 'processed' AND occurred_at >= $2 AND occurred_at < $3
            AND ($4::timestamptz IS NULL OR (occurred_at, id) > ($4::timestamptz, $5::uuid))
          ORDER BY occurred_at, id LIMIT ${PAGE}`,
        [tenantId, req.from, req.to, after?.at ?? null, after?.id ?? null],
      );
      if (rows.length === 0) break;
      after = { at: rows[rows.length - 1]!.at, id: rows[rows.length - 1]!.id };
      examined += rows.length;

      const held = new Map<string, number>(); // `${eventId}|${user}|${currency}` → ledger sum
      const ledger = await this.pool.query<{ source_event_id: string; user_id: string; currency: string; total: string }>(
        `SELECT source_event_id::text, user_id, currency, sum(amount)::text AS total FROM ledger_entry
          WHERE tenant_id = $1 AND source_event_id = ANY($2::uuid[]) GROUP BY 1, 2, 3`,
        [tenantId, rows.map((r) => r.id)],
      );
      for (const l of ledger.rows) held.set(`${l.source_event_id}|${l.user_id}|${l.currency}`, Number(l.total));

      const out: { key: string; value: EventScoredMessage; headers: Record<string, string> }[] = [];
      for (const { envelope: e } of rows) {
        const wanted = new Map<string, number>();
        for (const a of decide(pack, e, history).awards) wanted.set(`${a.userId}|${a.currency}`, (wanted.get(`${a.userId}|${a.currency}`) ?? 0) + a.amount);
        const keys = new Set([...wanted.keys(), ...[...held.keys()].filter((k) => k.startsWith(`${e.id}|`)).map((k) => k.slice(e.id.length + 1))]);
        const corrections: Award[] = [];
        for (const k of keys) {
          const [userId, currency] = k.split('|') as [string, string];
          const before = held.get(`${e.id}|${k}`) ?? 0;
          const now = wanted.get(k) ?? 0;
          const row = diff.get(k) ?? { userId, currency, before: 0, after: 0, delta: 0 };
          row.before += before;
          row.after += now;
          row.delta += now - before;
          diff.set(k, row);
          if (now !== before) {
            corrections.push({
              userId,
              currency,
              amount: now - before,
              ruleId: 'rescore',
              ruleVersion: pack.version,
              kind: 'compensate',
              idempotencyKey: `rescore:v${pack.version}:${e.id}:${userId}:${currency}:${before}`,
            });
          }
        }
        if (corrections.length > 0) {
          changed++;
          compensations += corrections.length;
          out.push({
            key: userPartitionKey(tenantId, e.userId),
            value: { event: { id: e.id, type: e.type, tenantId, userId: e.userId, occurredAt: e.occurredAt }, packVersion: pack.version, awards: corrections, rescore: { runId } },
            headers: eventHeaders(tenantId, e.id),
          });
        }
      }
      if (!req.dryRun && out.length > 0) await this.bus.publish(Topics.EventScored, out);
      if (rows.length < PAGE) break;
    }

    const rows = [...diff.values()].filter((r) => r.delta !== 0).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.userId.localeCompare(b.userId));
    const totals: RescoreResult['totals'] = {};
    for (const r of rows) {
      const t = (totals[r.currency] ??= { gained: 0, lost: 0, usersAffected: 0 });
      if (r.delta > 0) t.gained += r.delta;
      else t.lost -= r.delta;
      t.usersAffected++;
    }
    if (!req.dryRun) {
      await recordAudit(this.db, [{ tenantId, actor: who.keyId, action: 'rescore.apply', target: runId, detail: { packVersion: pack.version, from: req.from.toISOString(), to: req.to.toISOString(), eventsChanged: changed, compensations } }]);
    }
    return { runId, dryRun: req.dryRun, packVersion: pack.version, eventsExamined: examined, eventsChanged: changed, diff: rows.slice(0, 1000), totals, compensations };
  }
}
