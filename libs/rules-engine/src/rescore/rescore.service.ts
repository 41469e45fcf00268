import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { eventHeaders, NotFoundError, Topics, userPartitionKey, ValidationFailedError, type Award, type CanonicalEnvelope, type EventScoredMessage } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import type { Principal } from '@questline/platform';
import { decideBatch, dimensionValues, MemoryProgressStore, MemoryRuleHistory, PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { RESCORE_SOURCE, type EventCursor, type RescoreSource } from '../domain/rescore.source';

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
 * The corrections go to points through `questline.event.scored.v1` like any decision.
 *
 * Progress is replayed too: the tenant's events before the range are decided first without being
 * compared (a warm-up), so caps, once-per keys, metrics, streaks, missions, quests and counters
 * enter the range in the state they had, and the awards progress makes inside the range (a streak
 * milestone, a metric milestone under new thresholds) are compared and corrected too. Progress
 * awards are compared per (user, currency, progress id) over the whole range, not per event: which
 * event crosses a milestone can differ between live (arrival order) and replay (event time), and
 * the correction must not move credit between events. Their corrections keep the progress id.
 * Awards of the streak job (no triggering event) are not re-scored. Events are replayed in event
 * time; live scoring decides in arrival order, so order-sensitive constructs (cooldowns, streak
 * joins, conditions on the user's state) can differ for late events even under an unchanged pack.
 */
@Injectable()
export class RescoreService {
  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(RESCORE_SOURCE) private readonly source: RescoreSource,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async run(tenantId: string, req: RescoreRequest, who: Principal): Promise<RescoreResult> {
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    if (!(req.from < req.to)) throw new ValidationFailedError('`to` must be after `from`.', [{ pointer: '/to', detail: 'must be after from' }], 'invalid_range');
    const runId = uuidv5(`${tenantId}\n${pack.version}\n${req.from.toISOString()}\n${req.to.toISOString()}\n${Date.now()}`, RUN_NAMESPACE);
    const history = new MemoryRuleHistory();
    const progress = new MemoryProgressStore();
    const wantedProgress = new Map<string, number>();
    const heldProgress = new Map<string, number>();
    const progressEvent = new Map<string, CanonicalEnvelope>();
    const diff = new Map<string, RescoreDiffRow>();
    let examined = 0;
    let changed = 0;
    let compensations = 0;
    let cursor: EventCursor | undefined;

    // Warm-up: everything before the range, decided in event time and not compared.
    for (let warm: EventCursor | undefined; ; ) {
      const page = await this.source.processedEvents(tenantId, new Date(0), req.from, warm, PAGE);
      if (page.events.length === 0) break;
      warm = page.cursor;
      decideBatch(pack, page.events, history, progress);
      if (page.events.length < PAGE) break;
    }

    for (;;) {
      const page = await this.source.processedEvents(tenantId, req.from, req.to, cursor, PAGE);
      if (page.events.length === 0) break;
      cursor = page.cursor;
      examined += page.events.length;
      const held = await this.source.ledgerByEvent(tenantId, page.events.map((e) => e.id));

      const out: { key: string; value: EventScoredMessage; headers: Record<string, string> }[] = [];
      const decided = decideBatch(pack, page.events, history, progress);
      const byId = new Map(page.events.map((e) => [e.id, e]));
      for (const p of await this.source.progressLedger(tenantId, [...byId.keys()])) {
        heldProgress.set(p.key, (heldProgress.get(p.key) ?? 0) + p.total);
        if (!progressEvent.has(p.key)) progressEvent.set(p.key, byId.get(p.eventId)!);
      }
      for (const e of page.events) {
        const wanted = new Map<string, number>();
        for (const a of decided.get(e.id)?.awards ?? []) {
          if (a.ruleId.includes(':')) {
            const key = `${a.userId}|${a.currency}|${a.ruleId}`;
            wantedProgress.set(key, (wantedProgress.get(key) ?? 0) + a.amount);
            progressEvent.set(key, progressEvent.get(key) ?? e);
            continue;
          }
          wanted.set(`${a.userId}|${a.currency}`, (wanted.get(`${a.userId}|${a.currency}`) ?? 0) + a.amount);
        }
        const holds = held.get(e.id) ?? new Map<string, number>();
        const keys = new Set([...wanted.keys(), ...holds.keys()]);
        const corrections: Award[] = [];
        for (const k of keys) {
          const [userId, currency] = k.split('|') as [string, string];
          const before = holds.get(k) ?? 0;
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
            value: { event: { id: e.id, type: e.type, tenantId, userId: e.userId, occurredAt: e.occurredAt }, packVersion: pack.version, awards: corrections, scopes: dimensionValues(pack, e), rescore: { runId } },
            headers: eventHeaders(tenantId, e.id),
          });
        }
      }
      if (!req.dryRun && out.length > 0) await this.bus.publish(Topics.EventScored, out);
      if (page.events.length < PAGE) break;
    }

    // Progress awards over the whole range, each correction on an event that carries the award.
    const progressOut: { key: string; value: EventScoredMessage; headers: Record<string, string> }[] = [];
    for (const key of new Set([...wantedProgress.keys(), ...heldProgress.keys()])) {
      const [userId, currency, ruleId] = key.split('|') as [string, string, string];
      const before = heldProgress.get(key) ?? 0;
      const now = wantedProgress.get(key) ?? 0;
      const k = `${userId}|${currency}`;
      const row = diff.get(k) ?? { userId, currency, before: 0, after: 0, delta: 0 };
      row.before += before;
      row.after += now;
      row.delta += now - before;
      diff.set(k, row);
      if (now === before) continue;
      const e = progressEvent.get(key)!;
      changed++;
      compensations++;
      progressOut.push({
        key: userPartitionKey(tenantId, e.userId),
        value: {
          event: { id: e.id, type: e.type, tenantId, userId: e.userId, occurredAt: e.occurredAt },
          packVersion: pack.version,
          awards: [{ userId, currency, amount: now - before, ruleId, ruleVersion: pack.version, kind: 'compensate', idempotencyKey: `rescore:v${pack.version}:${ruleId}:${userId}:${currency}:${before}` }],
          scopes: dimensionValues(pack, e),
          rescore: { runId },
        },
        headers: eventHeaders(tenantId, e.id),
      });
    }
    if (!req.dryRun && progressOut.length > 0) await this.bus.publish(Topics.EventScored, progressOut);

    const rows = [...diff.values()].filter((r) => r.delta !== 0).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.userId.localeCompare(b.userId));
    const totals: RescoreResult['totals'] = {};
    for (const r of rows) {
      const t = (totals[r.currency] ??= { gained: 0, lost: 0, usersAffected: 0 });
      if (r.delta > 0) t.gained += r.delta;
      else t.lost -= r.delta;
      t.usersAffected++;
    }
    if (!req.dryRun) {
      await this.audit.record([{ tenantId, actor: who.keyId, action: 'rescore.apply', target: runId, detail: { packVersion: pack.version, from: req.from.toISOString(), to: req.to.toISOString(), eventsChanged: changed, compensations } }]);
    }
    return { runId, dryRun: req.dryRun, packVersion: pack.version, eventsExamined: examined, eventsChanged: changed, diff: rows.slice(0, 1000), totals, compensations };
  }
}
