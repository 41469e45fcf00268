import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { assertUserId, ERASED_USER_PREFIX, eventHeaders, REVERSAL_RULE, findUnsafeJson, NotFoundError, Topics, userPartitionKey, ValidationFailedError, type Award, type EventScoredMessage, type Scopes } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { APP_CONFIG, type AppConfig, type Principal } from '@questline/platform';
import { PACK_CATALOG, userLevel, type Pack, type PackCatalog } from '@questline/rules';
import { RESCORE_SOURCE, type RescoreSource, type ReversalPick } from '../domain/rescore.source';
import { CorrectionLease } from '../rescore/correction-lease';
import { periodRange } from '../rescore/rescore.service';

/** At most this many events per request: a bigger selection is refused (narrow it by time or type). */
export const MAX_REVERSAL_EVENTS = 10_000;
const CHUNK = 5_000;
const MAX_ROWS = 1_000;

export interface ReverseRequest extends ReversalPick {
  /** Instead of from/to: `d2026-11-23`, `w2026-11-23`, `m2026-11` in the pack's calendar. */
  period?: string;
  reason: string;
  dryRun: boolean;
}

export interface ReversedEventRow {
  id: string;
  type: string;
  userId: string;
  occurredAt: string;
  /** What is taken back (or, for a penalty, given back) from each user the event paid or charged. */
  corrections: { userId: string; currency: string; amount: number }[];
}

export interface ReverseResult {
  runId: string;
  dryRun: boolean;
  reason: string;
  /** Processed events the selection matched. */
  eventsMatched: number;
  /** Of those, reversed by an earlier request (nothing more is taken). */
  alreadyReversed: number;
  /** Ids asked for that are not processed events of this tenant (unknown, another tenant's, or still in flight). */
  notFound: string[];
  compensations: number;
  /** Per currency: points taken back, points given back (reversed penalties), users affected. */
  totals: Record<string, { taken: number; given: number; usersAffected: number }>;
  /** Per (user, currency): the net change, biggest first (up to 1,000 rows). */
  diff: { userId: string; currency: string; delta: number }[];
  /** The events reversed, with their corrections (up to 1,000). */
  events: ReversedEventRow[];
  /**
   * Levels that change with the corrected balances (`levels.allowDown` levels follow net earned;
   * others never go down, lifetime earned being untouched).
   */
  levels: { userId: string; before: number; after: number }[];
  /** Applying only: live cap, cooldown and once-per applications of the events freed. */
  released?: number;
  /** Applying only: whether the ledger held every correction when the run answered (see re-scoring). */
  settled?: boolean;
}

/**
 * Reversing events (moderation: serial voting, a deleted answer, fraud): what each picked event
 * holds in the ledger — its rule awards and penalties, with any re-scoring corrections — is taken
 * back by compensating entries on the same event (`ruleId: reversal`, `kind: compensate`, the
 * event's time and scopes, so every board and period it counted on follows), and the event is
 * marked reversed: re-scoring no longer decides it. History is never edited. Negative corrections
 * do not lower lifetime earned (nothing does), and a reversed penalty gives back without raising it.
 * Progress rewards an event carried (a streak or metric milestone) stay; re-scoring the range
 * afterwards recomputes caps and milestones without the reversed events.
 *
 * Corrections are keyed by the ledger state they were decided from, like re-scoring's, and a
 * request takes the tenant's correction lease: a retry books nothing twice, and no re-scoring runs
 * while they land.
 */
@Injectable()
export class ReversalService {
  private readonly lease: CorrectionLease;

  constructor(
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(RESCORE_SOURCE) private readonly source: RescoreSource,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'RESCORE_LEASE_MS' | 'RESCORE_SETTLE_MS'>,
  ) {
    this.lease = new CorrectionLease(source, config);
  }

  async reverse(tenantId: string, req: ReverseRequest, who: Principal): Promise<ReverseResult> {
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    if (req.period !== undefined) req = { ...req, ...periodRange(pack, { ...req, period: req.period }) };
    if (!req.eventIds?.length && !req.idempotencyKeys?.length && req.userId === undefined && !(req.from && req.to)) {
      throw new ValidationFailedError(
        'Say which events to reverse: `eventIds` or `idempotencyKeys` (your own event ids), or `userId` (the user the events are about), or a time range (`from` and `to`, or `period`) — narrowed by `type` or `payload` if you like.',
        [{ pointer: '/eventIds', detail: 'or idempotencyKeys, userId, from and to, or period' }],
        'reversal_filter_required',
      );
    }
    if (req.payload !== undefined) assertPayloadFilter(req);
    if (req.userId !== undefined) assertUserId(req.userId, '/userId');
    if (req.from && req.to && !(req.from < req.to)) throw new ValidationFailedError('`to` must be after `from`.', [{ pointer: '/to', detail: 'must be after from' }], 'invalid_range');
    const picked = await this.source.eventsToReverse(tenantId, req, MAX_REVERSAL_EVENTS + 1);
    if (picked.length > MAX_REVERSAL_EVENTS) {
      throw new ValidationFailedError(
        `The selection matches more than ${MAX_REVERSAL_EVENTS} events; narrow it with from/to or type and reverse it in parts.`,
        [{ pointer: '/', detail: `more than ${MAX_REVERSAL_EVENTS} events` }],
        'too_many_events',
      );
    }
    const runId = randomUUID();
    if (req.dryRun) return this.run(tenantId, pack, req, picked, runId, who);
    return this.lease.hold(tenantId, runId, (published) => this.run(tenantId, pack, req, picked, runId, who, published));
  }

  private async run(
    tenantId: string,
    pack: Pack,
    req: ReverseRequest,
    picked: Awaited<ReturnType<RescoreSource['eventsToReverse']>>,
    runId: string,
    who: Principal,
    published = { any: false },
  ): Promise<ReverseResult> {
    const packVersion = pack.version;
    const found = new Set(picked.flatMap((p) => [p.event.id, p.event.idempotencyKey]));
    const notFound = [...(req.eventIds ?? []), ...(req.idempotencyKeys ?? [])].filter((id) => !found.has(id));
    const todo = picked.filter((p) => !p.reversed).map((p) => p.event);
    const out: { key: string; value: EventScoredMessage; headers: Record<string, string> }[] = [];
    const rows: ReversedEventRow[] = [];
    const diff = new Map<string, { userId: string; currency: string; delta: number }>();
    // Every picked event is looked at, those reversed before too: what one still holds (a request
    // that failed between marking and publishing) is taken back now, under the same keys.
    for (let i = 0; i < picked.length; i += CHUNK) {
      const page = picked.slice(i, i + CHUNK).map((p) => p.event);
      const holdings = await this.source.holdings(tenantId, page.map((e) => e.id));
      const byEvent = new Map<string, typeof holdings>();
      for (const h of holdings) {
        const list = byEvent.get(h.eventId);
        if (list) list.push(h);
        else byEvent.set(h.eventId, [h]);
      }
      for (const e of page) {
        // One message per set of stored scopes (as the entries were booked, whatever the pack's
        // dimensions are now), one correction per user, currency and public flag within it: each
        // board, scope and period gets back exactly what it was given.
        const groups = new Map<string, { scopes: Scopes | null; awards: Award[] }>();
        const taken: ReversedEventRow['corrections'] = [];
        for (const h of byEvent.get(e.id) ?? []) {
          // Nothing to take from an erased user (their entries are a pseudonym's; points drops awards to them).
          // Nothing booked and nothing asked is left (reversed before, or never paid).
          if ((h.total === 0 && h.asked === 0) || h.userId.startsWith(ERASED_USER_PREFIX)) continue;
          const scopesText = h.scopes ? JSON.stringify(Object.fromEntries(Object.entries(h.scopes).sort(([a], [b]) => a.localeCompare(b)))) : '';
          const group = groups.get(scopesText) ?? { scopes: h.scopes, awards: [] };
          const tag = `${h.public ? 'p' : 'h'}${scopesText ? `.${createHash('sha256').update(scopesText).digest('base64url').slice(0, 10)}` : ''}`;
          // Keyed by the state it was decided from, as re-scoring's corrections are: a retry books nothing twice.
          group.awards.push({
            userId: h.userId,
            currency: h.currency,
            amount: 0 - h.total,
            ruleId: REVERSAL_RULE,
            ruleVersion: packVersion,
            kind: 'compensate',
            lifetime: 0,
            idempotencyKey: `reverse:${e.id}:${h.userId}:${h.currency}:${tag}:${h.total}:n${h.entries}`,
            // Where a floor held a debit of the event back, the reversal undoes what was booked and asks back everything asked.
            ...(h.asked !== h.total ? { requested: 0 - h.asked } : {}),
            ...(h.public ? {} : { public: false }),
          });
          groups.set(scopesText, group);
          taken.push({ userId: h.userId, currency: h.currency, amount: -h.total });
          const k = `${h.userId}\u001f${h.currency}`;
          const row = diff.get(k) ?? { userId: h.userId, currency: h.currency, delta: 0 };
          row.delta -= h.total;
          diff.set(k, row);
        }
        rows.push({ id: e.id, type: e.type, userId: e.userId, occurredAt: e.occurredAt, corrections: taken });
        for (const { scopes, awards } of groups.values()) {
          out.push({
            key: userPartitionKey(tenantId, e.userId),
            value: { event: { id: e.id, type: e.type, tenantId, userId: e.userId, occurredAt: e.occurredAt }, packVersion, awards, ...(scopes ? { scopes } : {}), rescore: { runId, reason: req.reason } },
            headers: eventHeaders(tenantId, e.id),
          });
        }
      }
    }
    const compensations = out.reduce((n, m) => n + m.value.awards.length, 0);
    let settled: boolean | undefined;
    let released: number | undefined;
    // Levels as the corrections leave them, from the balances before anything is published.
    const levels = await this.levelChanges(tenantId, pack, [...diff.values()]);
    if (!req.dryRun) {
      // Marked (and audited) first: a value the database refuses (a NUL in the reason) fails the
      // request before anything is taken, and once marked, re-scoring leaves the events alone even
      // if publishing fails — a retry takes back what they still hold, under the same keys.
      for (let i = 0; i < todo.length; i += CHUNK) await this.source.recordReversals(tenantId, todo.slice(i, i + CHUNK).map((e) => e.id), runId, req.reason, who.keyId);
      // Audited when it reverses something (asking again for reversed events changes nothing).
      if (todo.length > 0 || compensations > 0) await this.audit.record([{ tenantId, actor: who.keyId, action: 'events.reverse', target: runId, detail: { reason: req.reason, events: todo.length, compensations } }]);
      if (out.length > 0) {
        published.any = true;
        for (let i = 0; i < out.length; i += 500) await this.bus.publish(Topics.EventScored, out.slice(i, i + 500));
      }
      // What they used of live caps, cooldowns and once-per keys is freed (events reversed before
      // too: idempotent), so decisions after this one do not count them.
      released = 0;
      for (let i = 0; i < picked.length; i += CHUNK) released += await this.source.releaseApplications(tenantId, picked.slice(i, i + CHUNK).map((p) => p.event.id));
      settled = await this.lease.settle(tenantId, runId, out.flatMap((m) => m.value.awards.map((a) => a.idempotencyKey)));
    }
    const totals: ReverseResult['totals'] = {};
    const changes = [...diff.values()].filter((r) => r.delta !== 0).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.userId.localeCompare(b.userId));
    for (const r of changes) {
      const t = (totals[r.currency] ??= { taken: 0, given: 0, usersAffected: 0 });
      if (r.delta < 0) t.taken -= r.delta;
      else t.given += r.delta;
      t.usersAffected++;
    }
    return {
      runId,
      dryRun: req.dryRun,
      reason: req.reason,
      eventsMatched: picked.length,
      alreadyReversed: picked.length - todo.length,
      notFound,
      compensations,
      totals,
      diff: changes.slice(0, MAX_ROWS),
      events: rows.slice(0, MAX_ROWS),
      levels,
      ...(released === undefined ? {} : { released }),
      ...(settled === undefined ? {} : { settled }),
    };
  }

  private async levelChanges(tenantId: string, pack: Pack, diff: { userId: string; currency: string; delta: number }[]): Promise<ReverseResult['levels']> {
    const curve = pack.levels;
    if (!curve) return [];
    const moved = diff.filter((d) => d.currency === curve.currency && d.delta !== 0);
    if (moved.length === 0) return [];
    const out: ReverseResult['levels'] = [];
    for (let i = 0; i < moved.length; i += CHUNK) {
      const page = moved.slice(i, i + CHUNK);
      const { balances } = await this.source.standing(tenantId, page.map((d) => d.userId));
      for (const d of page) {
        const now = balances.get(`${d.userId}\u001f${d.currency}`) ?? { lifetime: 0, net: 0 };
        const [before, after] = [userLevel(curve, now), userLevel(curve, { lifetime: now.lifetime, net: now.net + d.delta })];
        if (before !== after) out.push({ userId: d.userId, before, after });
      }
    }
    return out.slice(0, MAX_ROWS);
  }
}

/** At most this many keys and bytes in a `payload` filter. */
const MAX_PAYLOAD_FILTER_KEYS = 20;
const MAX_PAYLOAD_FILTER_BYTES = 2048;

/**
 * A `payload` filter is a small, storable JSON object. It only narrows a selection (the check
 * above wants ids, a user or a time range beside it): a containment test on every event a tenant
 * ever sent would scan them all.
 */
function assertPayloadFilter(req: ReverseRequest): void {
  const payload = req.payload as unknown;
  const fail = (detail: string, pointer = '/payload'): never => {
    throw new ValidationFailedError(`The payload filter ${detail}.`, [{ pointer, detail }], 'invalid_payload_filter');
  };
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return fail('must be an object, e.g. {"post_id": "p-1"}');
  const keys = Object.keys(payload);
  if (keys.length === 0) fail('is empty: name at least one field, e.g. {"post_id": "p-1"}');
  if (keys.length > MAX_PAYLOAD_FILTER_KEYS) fail(`has ${keys.length} keys; at most ${MAX_PAYLOAD_FILTER_KEYS}`);
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_FILTER_BYTES) fail(`is over ${MAX_PAYLOAD_FILTER_BYTES} bytes`);
  const unsafe = findUnsafeJson(payload, 8);
  if (unsafe) fail(unsafe.detail, `/payload${unsafe.pointer}`);
}

