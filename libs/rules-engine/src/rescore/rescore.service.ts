import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { eventHeaders, NotFoundError, RESCORE_RULE, Topics, userPartitionKey, ValidationFailedError, type Award, type CanonicalEnvelope, type EventScoredMessage, type Scopes } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { retentionDays, SCHEMA_REGISTRY, type SchemaRegistry } from '@questline/schema-registry';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { APP_CONFIG, type AppConfig, type Principal } from '@questline/platform';
import {
  decideBatch,
  dimensionValues,
  MemoryProgressStore,
  MemoryRuleHistory,
  PACK_CATALOG,
  progressSummary,
  typeMatches,
  type Pack,
  type PackCatalog,
  type ProgressEntry,
  userLevel,
  calendarPeriodRange,
  dayLabel,
  passesGate,
  periodOf,
  zoneOf,
} from '@questline/rules';
import { RESCORE_SOURCE, type EventCursor, type Holding, type RescoreSource } from '../domain/rescore.source';
import { CorrectionLease } from './correction-lease';

const RUN_NAMESPACE = '8c1d3f0e-6a2b-4c5d-9e7f-0a1b2c3d4e5f';

/** A page's events to decide: all but those an admin reversed (they count as never having happened; their ledger is still read, and nets to what the reversal left). */
const decidable = (page: { events: CanonicalEnvelope[]; reversed?: ReadonlySet<string> }) => (page.reversed ? page.events.filter((e) => !page.reversed!.has(e.id)) : page.events);

/**
 * How far a correction moves an event's booking for one user and currency: to what the rules ask
 * now (`now`), compared with what they asked (`asked`), not with what was booked. Where a floor held
 * some of the event's debit back (`booked` above `asked`), that debit took all the room the balance
 * had then, and its booking never goes below it again; a milder ask is honoured down to it. So a
 * milder pack never lowers a balance and a stricter one never raises it. Balances are not replayed
 * through the floor: docs/packs.md "Penalties and a floor".
 */
export function bookingMove(booked: number, asked: number, now: number): number {
  if (now === asked) return 0;
  const target = booked !== asked ? Math.max(now, booked) : now;
  return target - booked;
}

/**
 * A correction's ledger key names the ledger state it was decided from — what the event (or a
 * progress id with the event carrying it) held for the user and currency, and in how many
 * entries, a count that only grows — not the pack version. A retried or redelivered run books
 * nothing twice; two runs deciding from the same state (overlapping, or the second started before
 * the first's corrections landed) cannot both book, whatever their versions; and a state reached
 * again (a rollback, a day re-scored after another) has more entries, so its correction is new.
 */
const correctionKey = (subject: string, userId: string, currency: string, before: number, entries: number) => `rescore:${subject}:${userId}:${currency}:${before}:n${entries}`;
const PAGE = 5_000;

/** A correction message's scopes: those the event was booked with, else (never booked) what the pack reads from it. */
function scopesOf(booked: ReadonlyMap<string, Scopes | null>, pack: Pack, e: CanonicalEnvelope): { scopes?: Scopes } {
  const scopes = booked.has(e.id) ? booked.get(e.id) : dimensionValues(pack, e);
  return scopes ? { scopes } : {};
}
const END_OF_TIME = new Date('9999-12-31T23:59:59Z');
const MAX_ROWS = 1_000;
/**
 * How far the replay reaches beyond the range on each side: any zone's local day touching the
 * range lies within it (a day is at most 25 h; offsets differ by at most 26 h), so progress is
 * compared over whole user days while events outside the range are never corrected themselves.
 */
const DAY_REACH_MS = 26 * 3_600_000;

export interface RescoreRequest {
  from?: Date;
  to?: Date;
  /** Instead of from/to: `d2026-11-23`, `w2026-11-23`, `m2026-11` in the pack's calendar. */
  period?: string;
  dryRun: boolean;
}

/** The instants of a period of the pack's calendar (`d…`, `w…`, `m…`); 422 for a bad one or one given with `from`/`to`. */
export function periodRange(pack: Pack, req: { period: string; from?: Date; to?: Date }): { from: Date; to: Date } {
  if (req.from || req.to) throw new ValidationFailedError('Give `period` or `from`/`to`, not both.', [{ pointer: '/period', detail: 'not with from/to' }], 'invalid_range');
  const range = calendarPeriodRange(req.period, pack.timezone || 'UTC', pack.weekStart ?? 1);
  if (typeof range === 'string') throw new ValidationFailedError(`Period ${req.period}: ${range}.`, [{ pointer: '/period', detail: range }], 'invalid_range');
  return range;
}

/** The range a request names: `from`/`to`, or a period of the pack's calendar (422 for neither, both, or a bad period). */
function rangeOf(pack: Pack, req: RescoreRequest): { from: Date; to: Date } {
  if (req.period !== undefined) return periodRange(pack, { ...req, period: req.period });
  if (!req.from || !req.to) throw new ValidationFailedError('Give `from` and `to` (instants), or `period`.', [{ pointer: req.from ? '/to' : '/from', detail: 'required unless period is given' }], 'invalid_range');
  if (!(req.from < req.to)) throw new ValidationFailedError('`to` must be after `from`.', [{ pointer: '/to', detail: 'must be after from' }], 'invalid_range');
  return { from: req.from, to: req.to };
}

export interface RescoreDiffRow {
  userId: string;
  currency: string;
  before: number;
  after: number;
  delta: number;
}

/** A metric's or counter's value, or a mission's or quest's completion (1/0), stored vs replayed. */
export interface RescoreStateRow {
  userId: string;
  /** The progress key: `metric/<id>/<period>`, `counter/<id>`, `quest/<id>/<instance>`, `mission/<id>/<day>`. */
  key: string;
  before: number;
  after: number;
}

export interface RescoreResult {
  runId: string;
  dryRun: boolean;
  /** The range replayed (from `period` when it was given). */
  from: string;
  to: string;
  packVersion: number;
  eventsExamined: number;
  eventsChanged: number;
  /** Per (user, currency): ledger now vs the active pack's answer, biggest changes first (up to 1,000 rows). */
  diff: RescoreDiffRow[];
  totals: Record<string, { gained: number; lost: number; usersAffected: number }>;
  compensations: number;
  /**
   * Applying only: whether the ledger held every correction of the run when it answered (it waits
   * up to `RESCORE_SETTLE_MS`). When false, the corrections are still on their way and the tenant's
   * re-scoring lease stays taken until they land or it expires.
   */
  settled?: boolean;
  /**
   * Progress the active pack would leave different from what is stored, after replaying every
   * event of the tenant (up to 1,000 rows, biggest changes first). Reported, not written: applying
   * corrects balances only; the stored state keeps moving with live events.
   */
  state: RescoreStateRow[];
  /** Achievements a user would gain or lose: metric badges from the replayed metrics, balance badges from the corrected lifetime. */
  badges: { userId: string; achievementId: string; change: 'unlock' | 'revoke' }[];
  /** Levels that change with the corrected balances. */
  levels: { userId: string; before: number; after: number }[];
}

/**
 * Re-scoring: replays the stored events of a time range through the ACTIVE pack, compares each
 * event's new awards with what the ledger holds for that event (its original awards plus earlier
 * corrections), and, unless it is a dry run, sends the differences to the ledger as compensating
 * entries (`kind: compensate`, tagged with the new pack version). History is never edited, and
 * running it again converges: a second run finds nothing left to correct.
 *
 * The corrections go to points through `questline.event.scored.v1` like any decision. Lifetime
 * earned rises by each user's net gain in the run only (see `run`), never by credit that moved.
 *
 * Progress is replayed too: the tenant's events before the range are decided first without being
 * compared (a warm-up), so caps, once-per keys, metrics, streaks, missions, quests and counters
 * enter the range in the state they had, and the awards progress makes inside the range (a streak
 * milestone, a metric milestone under new thresholds) are compared and corrected too. Progress
 * awards are compared per (user, currency, progress id, local day of the event carrying them, in
 * the user's zone as progress keeps it; every day the range touches is compared whole), not per event: which event crosses a milestone can differ between live (arrival order) and replay
 * (event time), and the correction must not move credit between events. The first event of the day
 * to hold or earn it carries the correction (with the progress id), so it lands in the right day,
 * week and month, and a run over a day and one over its week compare and key it alike.
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
    @Inject(SCHEMA_REGISTRY) private readonly registry: SchemaRegistry,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'RESCORE_LEASE_MS' | 'RESCORE_SETTLE_MS'>,
  ) {
    this.lease = new CorrectionLease(source, config);
  }

  private readonly lease: CorrectionLease;

  /**
   * The retention horizon: events of a type the pack's rules score that are older than their
   * retention have been archived and deleted, so a window reaching before it would read them as
   * absent and take their points back. Refused instead (422), naming the type and the horizon.
   */
  private checkHorizon(pack: Pack, from: Date, now = Date.now()): void {
    const ns = this.registry.namespace(pack.schemaNamespace);
    if (!ns) return;
    const scored = pack.rules.flatMap((r) => (Array.isArray(r.on) ? r.on : [r.on]));
    let worst: { type: string; horizon: Date } | undefined;
    for (const m of this.registry.list()) {
      if (m.namespace !== ns.namespace || !scored.some((p) => typeMatches(p, m.type))) continue;
      const days = retentionDays(ns, m.type, this.registry.current(ns.namespace, m.type)?.retention ?? m.retention);
      if (days === undefined) continue;
      const horizon = new Date(now - days * 86_400_000);
      if (from < horizon && (!worst || horizon > worst.horizon)) worst = { type: m.type, horizon };
    }
    if (worst) {
      throw new ValidationFailedError(
        `The window starts before the retention horizon of ${worst.type} (${worst.horizon.toISOString()}): its older events are archived, and re-scoring them would take their points back.`,
        [{ pointer: '/from', detail: `must be at or after ${worst.horizon.toISOString()} (${worst.type}'s retention)` }],
        'rescore_past_retention',
      );
    }
  }

  async run(tenantId: string, asked: RescoreRequest, who: Principal): Promise<RescoreResult> {
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    const req = { ...asked, ...rangeOf(pack, asked) };
    this.checkHorizon(pack, req.from);
    const runId = uuidv5(`${tenantId}\n${pack.version}\n${req.from.toISOString()}\n${req.to.toISOString()}\n${Date.now()}`, RUN_NAMESPACE);
    if (req.dryRun) return this.decide(tenantId, pack, req, runId, who);
    // One applying run per tenant (every instance), held until the ledger has its corrections.
    return this.lease.hold(tenantId, runId, (published) => this.decide(tenantId, pack, req, runId, who, published));
  }

  private async decide(tenantId: string, pack: Pack, req: RescoreRequest & { from: Date; to: Date }, runId: string, who: Principal, published = { any: false }): Promise<RescoreResult> {

    // Lifetime earned rises by what a run adds to each user's net earned, not by every positive
    // correction: under a cap or a once-per key, credit moves between events (+5 here, −5 there)
    // and counting the +5 would raise lifetime, levels and balance badges for points never earned.
    // So applying replays twice: the first pass (publishing nothing) finds each user's net gain,
    // the second publishes the corrections, each positive one carrying its share of that gain
    // (`lifetime`), the negative ones none. A dry run needs only the first.
    const first = await this.replay(tenantId, pack, req, runId, undefined, published, !req.dryRun);
    const gains = await this.lifetimeGains(tenantId, first.diff);

    // Events after the range move the replayed state only (the stored state holds them too), so
    // the replay ends where the store is and the two can be compared. The badges and levels come
    // from the balances as they stand before anything is published.
    const { history, progress, seenUsers } = first;
    for (let late: EventCursor | undefined; ; ) {
      const page = await this.source.processedEvents(tenantId, new Date(req.to.getTime() + DAY_REACH_MS), END_OF_TIME, late, PAGE);
      if (page.events.length === 0) break;
      late = page.cursor;
      decideBatch(pack, decidable(page), history, progress);
      for (const e of page.events) seenUsers.add(e.userId);
      if (page.events.length < PAGE) break;
    }
    const moved = [...first.diff.values()].filter((r) => r.delta !== 0 || first.touched.has(`${r.userId}\u001f${r.currency}`));
    const changes = await this.stateChanges(tenantId, pack, progress, seenUsers, moved, gains);

    const pass = req.dryRun ? first : await this.replay(tenantId, pack, req, runId, gains, published, true);
    const settled = req.dryRun ? undefined : await this.lease.settle(tenantId, runId, pass.published);
    const { diff } = pass;
    const rows = [...diff.values()].filter((r) => r.delta !== 0).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.userId.localeCompare(b.userId));
    const totals: RescoreResult['totals'] = {};
    for (const r of rows) {
      const t = (totals[r.currency] ??= { gained: 0, lost: 0, usersAffected: 0 });
      if (r.delta > 0) t.gained += r.delta;
      else t.lost -= r.delta;
      t.usersAffected++;
    }
    const { examined, changed, compensations } = pass;
    if (!req.dryRun) {
      await this.audit.record([{ tenantId, actor: who.keyId, action: 'rescore.apply', target: runId, detail: { packVersion: pack.version, from: req.from.toISOString(), to: req.to.toISOString(), eventsChanged: changed, compensations, settled } }]);
    }
    return {
      runId,
      dryRun: req.dryRun,
      from: req.from.toISOString(),
      to: req.to.toISOString(),
      packVersion: pack.version,
      eventsExamined: examined,
      eventsChanged: changed,
      diff: rows.slice(0, MAX_ROWS),
      totals,
      compensations,
      ...(settled === undefined ? {} : { settled }),
      ...changes,
    };
  }

  /**
   * What a run adds to each user's lifetime earned: lifetime follows the highest their corrected
   * earnings have stood. Every correction so far (earlier runs, `prior.net`) has added
   * `prior.lifetime`; after this run they sum to `prior.net + delta`, and only the part above what
   * was already added counts. So a run that takes 100 back and a later one that gives it back
   * leave lifetime where it was, while a run that pays more than anything before raises it.
   */
  private async lifetimeGains(tenantId: string, diff: ReadonlyMap<string, RescoreDiffRow>): Promise<Map<string, number>> {
    const moved = [...diff].filter(([, r]) => r.delta !== 0);
    const users = [...new Set(moved.map(([, r]) => r.userId))];
    const prior = new Map<string, { net: number; lifetime: number }>();
    for (let i = 0; i < users.length; i += PAGE) for (const [k, v] of await this.source.priorCorrections(tenantId, users.slice(i, i + PAGE))) prior.set(k, v);
    const gains = new Map<string, number>();
    for (const [k, r] of moved) {
      const before = prior.get(k) ?? { net: 0, lifetime: 0 };
      const gain = Math.max(0, before.net + r.delta - before.lifetime);
      if (gain > 0) gains.set(k, Math.min(gain, r.delta));
    }
    return gains;
  }

  /**
   * One replay of the range (after the warm-up before it): every correction the active pack
   * implies, per event and per progress id. With `gains` (per user and currency: the run's net
   * gain, from a first pass), the corrections are published, each positive one carrying its share
   * of the gain as `lifetime`; without, nothing is published.
   */
  private async replay(tenantId: string, pack: Pack, req: { from: Date; to: Date }, runId: string, gains?: ReadonlyMap<string, number>, sent = { any: false }, renew = false) {
    const history = new MemoryRuleHistory();
    const progress = new MemoryProgressStore();
    const wantedProgress = new Map<string, number>();
    const heldProgress = new Map<string, Holding>();
    const progressEvent = new Map<string, CanonicalEnvelope>();
    const diff = new Map<string, RescoreDiffRow>();
    // Per user and currency with a correction (even where they net to zero).
    const touched = new Set<string>();
    const budget = gains ? new Map(gains) : undefined;
    const correction = (k: string, award: Award): Award => {
      touched.add(k);
      if (!budget) return award;
      const share = award.amount > 0 ? Math.min(award.amount, budget.get(k) ?? 0) : 0;
      if (share > 0) budget.set(k, budget.get(k)! - share);
      return { ...award, lifetime: share };
    };
    const published: string[] = [];
    const publish = async (out: { key: string; value: EventScoredMessage; headers: Record<string, string> }[]) => {
      if (!budget || out.length === 0) return;
      sent.any = true;
      await this.bus.publish(Topics.EventScored, out);
      for (const m of out) for (const a of m.value.awards) published.push(a.idempotencyKey);
      await this.lease.renew(tenantId, runId);
    };
    // The local day of the event in the user's calendar (the event's zone, as progress keeps it),
    // and whether it touches the range: progress is compared over every user day the range
    // touches, whole (the replay reaches DAY_REACH_MS beyond the range on both sides), so a run
    // that cuts a user's day compares and keys it as a run over the whole day does. One lookup
    // per zone and day.
    const zoneDays = new Map<string, { from: number; to: number; label: string }>();
    const [rangeFrom, rangeTo] = [req.from.getTime(), req.to.getTime()];
    const [reachFrom, reachTo] = [new Date(rangeFrom - DAY_REACH_MS), new Date(rangeTo + DAY_REACH_MS)];
    const inRange = (e: CanonicalEnvelope) => {
      const t = Date.parse(e.occurredAt);
      return t >= rangeFrom && t < rangeTo;
    };
    const dayOf = (e: CanonicalEnvelope): { label: string; touched: boolean } => {
      const ms = Date.parse(e.occurredAt);
      const zone = zoneOf(pack, e);
      let d = zoneDays.get(zone);
      if (!d || ms < d.from || ms >= d.to) {
        const label = dayLabel(periodOf(ms, 'day', zone));
        const range = calendarPeriodRange(`d${label}`, zone, pack.weekStart ?? 1);
        d = typeof range === 'string' ? { from: ms, to: ms + 1, label } : { from: range.from.getTime(), to: range.to.getTime(), label };
        zoneDays.set(zone, d);
      }
      return { label: d.label, touched: d.from < rangeTo && d.to > rangeFrom };
    };
    // Progress keys an event of the range holds or earns: only those are compared (whole day), so a
    // short range does not reach other users' progress of the same days.
    const touchedKeys = new Set<string>();
    let examined = 0;
    let changed = 0;
    let compensations = 0;
    let cursor: EventCursor | undefined;
    const seenUsers = new Set<string>();

    // Warm-up: everything before the range, decided in event time and not compared.
    for (let warm: EventCursor | undefined; ; ) {
      const page = await this.source.processedEvents(tenantId, new Date(0), reachFrom, warm, PAGE);
      if (page.events.length === 0) break;
      warm = page.cursor;
      decideBatch(pack, decidable(page), history, progress);
      for (const e of page.events) seenUsers.add(e.userId);
      if (page.events.length < PAGE) break;
    }

    for (;;) {
      const page = await this.source.processedEvents(tenantId, reachFrom, reachTo, cursor, PAGE);
      if (page.events.length === 0) break;
      cursor = page.cursor;
      const ranged = page.events.filter(inRange);
      examined += ranged.length;
      const held = ranged.length > 0 ? await this.source.ledgerByEvent(tenantId, ranged.map((e) => e.id)) : new Map<string, Map<string, Holding>>();
      // An event's corrections go where it was booked (attacker 6 #5): the scopes of its first entry,
      // not what the pack's dimensions read now; an event never booked takes the pack's.
      const booked = ranged.length > 0 ? await this.source.bookedScopes(tenantId, ranged.map((e) => e.id)) : new Map<string, Scopes | null>();

      const out: { key: string; value: EventScoredMessage; headers: Record<string, string> }[] = [];
      const decided = decideBatch(pack, decidable(page), history, progress);
      // An applying run renews its lease as it goes (a long first pass must not outlive it).
      if (renew) await this.lease.renew(tenantId, runId);
      // Awards to users erased on request are dropped, as live scoring's are: never wanted.
      const recipients = new Set<string>();
      for (const d of decided.values()) for (const a of d.awards) recipients.add(a.userId);
      const erased = recipients.size > 0 ? await this.source.erased(tenantId, [...recipients]) : new Set<string>();
      for (const e of page.events) seenUsers.add(e.userId);
      const byId = new Map(page.events.map((e) => [e.id, e]));
      const progressHeld = new Map<string, ({ key: string } & Holding)[]>();
      for (const p of await this.source.progressLedger(tenantId, [...byId.keys()])) {
        const list = progressHeld.get(p.eventId);
        if (list) list.push(p);
        else progressHeld.set(p.eventId, [p]);
      }
      for (const e of page.events) {
        // Progress held and wanted, per progress id and local day of the event carrying it: the
        // first event of that day (in replay order) to hold or earn it carries its correction. Runs
        // over a day and over its week then compare the same things and key them alike.
        const day = progressHeld.has(e.id) || decided.get(e.id)?.awards.some((a) => a.ruleId.includes(':')) ? dayOf(e) : undefined;
        for (const p of day?.touched ? (progressHeld.get(e.id) ?? []) : []) {
          const key = `${p.key}\u001f${day!.label}`;
          if (inRange(e)) touchedKeys.add(key);
          const h = heldProgress.get(key) ?? { total: 0, asked: 0, entries: 0 };
          heldProgress.set(key, { total: h.total + p.total, asked: h.asked + p.asked, entries: h.entries + p.entries });
          if (!progressEvent.has(key)) progressEvent.set(key, e);
        }
        // A reversed event's holdings are the reversal's (its corrections may still be on their way): not compared.
        if (page.reversed?.has(e.id)) continue;
        const wanted = new Map<string, number>();
        const own = inRange(e);
        for (const a of decided.get(e.id)?.awards ?? []) {
          if (erased.has(a.userId)) continue;
          if (a.ruleId.includes(':')) {
            if (!day?.touched) continue;
            const key = `${a.userId}\u001f${a.currency}\u001f${a.ruleId}\u001f${day.label}`;
            if (own) touchedKeys.add(key);
            wantedProgress.set(key, (wantedProgress.get(key) ?? 0) + a.amount);
            progressEvent.set(key, progressEvent.get(key) ?? e);
            continue;
          }
          if (!own) continue;
          wanted.set(`${a.userId}\u001f${a.currency}`, (wanted.get(`${a.userId}\u001f${a.currency}`) ?? 0) + a.amount);
        }
        // Events beyond the range (replayed for whole days' progress) are not corrected themselves.
        if (!own) continue;
        const holds = held.get(e.id) ?? new Map<string, Holding>();
        const keys = new Set([...wanted.keys(), ...holds.keys()]);
        const corrections: Award[] = [];
        for (const k of keys) {
          const [userId, currency] = k.split('\u001f') as [string, string];
          // `before`: what the rules asked; `booked`: what the ledger holds (more, where a currency's
          // floor held a debit back). Rules asking what they asked correct nothing; rules asking
          // something else move the booking (bookingMove; the floor may hold a debit back again), and
          // the correction records the change in the ask, so the next run compares alike.
          const { total: booked, asked: before, entries } = holds.get(k) ?? { total: 0, asked: 0, entries: 0 };
          const now = wanted.get(k) ?? 0;
          const move = bookingMove(booked, before, now);
          const row = diff.get(k) ?? { userId, currency, before: 0, after: 0, delta: 0 };
          row.before += booked;
          row.after += booked + move;
          row.delta += move;
          diff.set(k, row);
          if (move !== 0) {
            corrections.push(
              correction(k, {
                userId,
                currency,
                amount: move,
                ...(booked !== before ? { requested: now - before } : {}),
                ruleId: RESCORE_RULE,
                ruleVersion: pack.version,
                kind: 'compensate',
                idempotencyKey: correctionKey(e.id, userId, currency, before, entries),
                // An event that fails the pack's leaderboard gate counts on no public board, its corrections neither.
                ...(passesGate(pack, e) ? {} : { public: false }),
              }),
            );
          }
        }
        if (corrections.length > 0) {
          changed++;
          compensations += corrections.length;
          out.push({
            key: userPartitionKey(tenantId, e.userId),
            value: { event: { id: e.id, type: e.type, tenantId, userId: e.userId, occurredAt: e.occurredAt }, packVersion: pack.version, awards: corrections, ...scopesOf(booked, pack, e), rescore: { runId } },
            headers: eventHeaders(tenantId, e.id),
          });
        }
      }
      await publish(out);
      if (page.events.length < PAGE) break;
    }

    // Progress awards over the whole range, each correction on an event that carries the award.
    const progressOut: { key: string; value: EventScoredMessage; headers: Record<string, string> }[] = [];
    const carriers = [...new Set([...progressEvent.values()].map((e) => e.id))];
    const progressBooked = carriers.length > 0 ? await this.source.bookedScopes(tenantId, carriers) : new Map<string, Scopes | null>();
    for (const key of new Set([...wantedProgress.keys(), ...heldProgress.keys()])) {
      if (!touchedKeys.has(key)) continue;
      const [userId, currency, ruleId] = key.split('\u001f') as [string, string, string, string];
      // Asked and booked, as for rule awards above (a withdrawn reward's correction may be held at a floor).
      const { total: booked, asked: before, entries } = heldProgress.get(key) ?? { total: 0, asked: 0, entries: 0 };
      const now = wantedProgress.get(key) ?? 0;
      const move = bookingMove(booked, before, now);
      const k = `${userId}\u001f${currency}`;
      const row = diff.get(k) ?? { userId, currency, before: 0, after: 0, delta: 0 };
      row.before += booked;
      row.after += booked + move;
      row.delta += move;
      diff.set(k, row);
      if (move === 0) continue;
      const e = progressEvent.get(key)!;
      changed++;
      compensations++;
      progressOut.push({
        key: userPartitionKey(tenantId, e.userId),
        value: {
          event: { id: e.id, type: e.type, tenantId, userId: e.userId, occurredAt: e.occurredAt },
          packVersion: pack.version,
          awards: [
            correction(k, {
              userId,
              currency,
              amount: move,
              ...(booked !== before ? { requested: now - before } : {}),
              ruleId,
              ruleVersion: pack.version,
              kind: 'compensate',
              idempotencyKey: correctionKey(`${ruleId}:${e.id}`, userId, currency, before, entries),
            }),
          ],
          ...scopesOf(progressBooked, pack, e),
          rescore: { runId },
        },
        headers: eventHeaders(tenantId, e.id),
      });
    }
    await publish(progressOut);
    return { diff, touched, history, progress, seenUsers, examined, changed, compensations, published };
  }

  /** Stored vs replayed progress, and the badges and levels the corrections and replayed metrics imply. */
  private async stateChanges(
    tenantId: string,
    pack: Pack,
    replay: MemoryProgressStore,
    users: Set<string>,
    balanceDiff: RescoreDiffRow[],
    gains: ReadonlyMap<string, number>,
  ): Promise<Pick<RescoreResult, 'state' | 'badges' | 'levels'>> {
    const replayed = replay.all().filter((e) => progressSummary(e.key, e.state) !== undefined);
    for (const e of replayed) users.add(e.userId);
    const ids = [...users];
    const stored: ProgressEntry[] = [];
    for (let i = 0; i < ids.length; i += PAGE) stored.push(...(await this.source.storedProgress(tenantId, ids.slice(i, i + PAGE))));
    const entryId = (e: { userId: string; key: string }) => `${e.userId}\u0000${e.key}`;
    const before = new Map(stored.filter((e) => progressSummary(e.key, e.state) !== undefined).map((e) => [entryId(e), e]));
    const after = new Map(replayed.map((e) => [entryId(e), e]));
    const state: RescoreStateRow[] = [];
    for (const [id, e] of new Map([...before, ...after])) {
      const b = progressSummary(e.key, before.get(id)?.state) ?? 0;
      const a = progressSummary(e.key, after.get(id)?.state) ?? 0;
      if (a !== b) state.push({ userId: e.userId, key: e.key, before: b, after: a });
    }
    state.sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before) || x.userId.localeCompare(y.userId) || x.key.localeCompare(y.key));

    // Badges and levels of the users whose balances or progress change.
    const affected = [...new Set([...balanceDiff.map((r) => r.userId), ...state.map((r) => r.userId)])];
    const badges: RescoreResult['badges'] = [];
    const levels: RescoreResult['levels'] = [];
    if (affected.length === 0) return { state: state.slice(0, MAX_ROWS), badges, levels };
    const { balances, unlocked, revoked } = await this.source.standing(tenantId, affected);
    const delta = new Map(balanceDiff.map((r) => [`${r.userId}\u001f${r.currency}`, r.delta]));
    // As applying will leave them: net by the corrections' sum, lifetime by the run's net gain
    // (never down: a run that takes points back leaves lifetime, levels and balance badges).
    const balanceAfter = (userId: string, currency: string) => {
      const now = balances.get(`${userId}\u001f${currency}`) ?? { lifetime: 0, net: 0 };
      const k = `${userId}\u001f${currency}`;
      return { lifetime: now.lifetime + (gains.get(k) ?? 0), net: now.net + (delta.get(k) ?? 0) };
    };
    const byUser = new Map<string, ProgressEntry[]>();
    for (const e of replayed) {
      const list = byUser.get(e.userId);
      if (list) list.push(e);
      else byUser.set(e.userId, [e]);
    }
    const metricReached = (userId: string, metric: string, atLeast: number) =>
      (byUser.get(userId) ?? []).some((e) => e.key.startsWith(`metric/${metric}/`) && progressSummary(e.key, e.state)! >= atLeast);
    for (const userId of affected) {
      for (const a of pack.achievements) {
        // Balance and metric badges (streak, quest and level badges follow the `state` and `levels` rows).
        if (!('currency' in a.when) && !('metric' in a.when)) continue;
        const held = unlocked.has(`${userId}\u001f${a.id}`);
        const holds = 'currency' in a.when ? balanceAfter(userId, a.when.currency).lifetime >= a.when.lifetimeAtLeast : metricReached(userId, a.when.metric, a.when.atLeast);
        // A balance badge is never withdrawn (lifetime earned does not go down); a metric badge is when its metric no longer reaches it.
        // A badge an admin revoked does not unlock again (the achievements service keeps the revocation).
        if (holds && !held && !revoked.has(`${userId}\u001f${a.id}`)) badges.push({ userId, achievementId: a.id, change: 'unlock' });
        if (!holds && held && !('currency' in a.when)) badges.push({ userId, achievementId: a.id, change: 'revoke' });
      }
      const curve = pack.levels;
      if (curve) {
        const now = balances.get(`${userId}\u001f${curve.currency}`) ?? { lifetime: 0, net: 0 };
        const [b, a] = [userLevel(curve, now), userLevel(curve, balanceAfter(userId, curve.currency))];
        if (a !== b) levels.push({ userId, before: b, after: a });
      }
    }
    return { state: state.slice(0, MAX_ROWS), badges: badges.slice(0, MAX_ROWS), levels: levels.slice(0, MAX_ROWS) };
  }
}
