import { sha256, type Award, type CanonicalEnvelope } from '@questline/contracts';
import { amountBounds, MAX_AWARD_AMOUNT } from '../pack/parse-pack';
import type { Pack, RuleDef } from '../pack/pack.types';
import { credit, evaluate, namedAt, noRecipientReason, passesGate, truthy, typeMatches, userAt, zoneOf } from './evaluate';
import { ruleStateRefs, userState, type UserStateReader } from './user-state';
import { zonedPeriod } from './zoned-period';
import { NO_HISTORY, type RuleHistory } from './rule-history';


export interface Decision {
  awards: Award[];
  /** Rules that matched but did not award, with the reason (shown in the event's outcomes). */
  skipped: { ruleId: string; reason: string }[];
  /** Once-per keys this decision used up: stored with the awards' applications, never paid twice. */
  marks: { userId: string; ruleId: string }[];
}

function recipient(rule: RuleDef, event: CanonicalEnvelope): string | undefined {
  return userAt(event, rule.award.to);
}

/** Why a rule's limits refuse this award (in event time), or null. */
type PeriodOf = (unit: 'day' | 'week' | 'month') => { fromMs: number; toMs: number };

function limitReason(rule: RuleDef, userId: string, atMs: number, periodOf: PeriodOf, history: RuleHistory): string | null {
  const l = rule.limits;
  if (!l) return null;
  if (l.cooldownSeconds && history.near(userId, rule.id, atMs, l.cooldownSeconds * 1000)) return `cooldown of ${l.cooldownSeconds} s`;
  const windows: [number | undefined, 'day' | 'week' | 'month'][] = [
    [l.perDay, 'day'],
    [l.perWeek, 'week'],
    [l.perMonth, 'month'],
  ];
  for (const [cap, unit] of windows) {
    if (!cap) continue;
    const { fromMs, toMs } = periodOf(unit);
    if (history.count(userId, rule.id, fromMs, toMs) >= cap) return `cap of ${cap} per ${unit} reached`;
  }
  return null;
}

/** The event's calendar periods in its zone, each computed on first use. */
function periodsOf(pack: Pack, event: CanonicalEnvelope): PeriodOf {
  const atMs = Date.parse(event.occurredAt);
  let zone: string | undefined;
  return (unit) => zonedPeriod(atMs, (zone ??= zoneOf(pack, event)), unit, pack.weekStart);
}

/** One amount cap as the engine applies it: the rules it sums over and its windows. */
interface AmountCap {
  label: string;
  rules: string[];
  windows: [number, 'day' | 'week' | 'month'][];
  rolling?: { hours: number; max: number };
}

/** Per pack, the amount caps over each rule: its own (`limits.amountPer…`) and the shared `caps` listing it. */
const capsByRule = new WeakMap<Pack, Map<string, AmountCap[]>>();

function amountCaps(pack: Pack, rule: RuleDef): AmountCap[] {
  let byRule = capsByRule.get(pack);
  if (!byRule) {
    byRule = new Map();
    for (const r of pack.rules) {
      const caps: AmountCap[] = [];
      const own = windowsOf({ perDay: r.limits?.amountPerDay, perWeek: r.limits?.amountPerWeek, perMonth: r.limits?.amountPerMonth });
      const ownRolling = r.limits?.amountRolling;
      if (own.length > 0 || ownRolling) caps.push({ label: `rule ${r.id}`, rules: [r.id], windows: own, ...(ownRolling ? { rolling: ownRolling } : {}) });
      for (const c of pack.caps ?? []) if (c.rules.includes(r.id)) caps.push({ label: `cap ${c.id}`, rules: c.rules, windows: windowsOf(c), ...(c.rolling ? { rolling: c.rolling } : {}) });
      byRule.set(r.id, caps);
    }
    capsByRule.set(pack, byRule);
  }
  return byRule.get(rule.id) ?? [];
}

/** A user's use of one amount cap window: a rule's own limit or a shared cap. */
export interface CapWindow {
  /** `cap <id>` (a shared cap) or `rule <id>` (a rule's own `limits.amountPer…`), as skip reasons name it. */
  label: string;
  id: string;
  kind: 'cap' | 'rule';
  currency: string;
  /** The rules whose awards it sums. */
  rules: string[];
  window: 'day' | 'week' | 'month' | 'rolling';
  /** Rolling windows: their length. */
  hours?: number;
  max: number;
  fromMs: number;
  toMs: number;
}

/** Every amount cap window of the pack as it stands at `nowMs` in `zone` (each shared cap once): what the engine sums against. */
export function capWindows(pack: Pack, nowMs: number, zone: string): CapWindow[] {
  const out: CapWindow[] = [];
  const seen = new Set<string>();
  for (const rule of pack.rules) {
    for (const cap of amountCaps(pack, rule)) {
      if (seen.has(cap.label)) continue;
      seen.add(cap.label);
      const [kind, id] = cap.label.split(' ') as ['cap' | 'rule', string];
      const base = { label: cap.label, id, kind, currency: rule.award.currency, rules: cap.rules };
      for (const [max, unit] of cap.windows) {
        const { fromMs, toMs } = zonedPeriod(nowMs, zone, unit, pack.weekStart);
        out.push({ ...base, window: unit, max, fromMs, toMs });
      }
      if (cap.rolling) out.push({ ...base, window: 'rolling', hours: cap.rolling.hours, max: cap.rolling.max, fromMs: nowMs - cap.rolling.hours * 3_600_000 + 1, toMs: nowMs + 1 });
    }
  }
  return out;
}

function windowsOf(c: { perDay?: number; perWeek?: number; perMonth?: number }): [number, 'day' | 'week' | 'month'][] {
  const out: [number, 'day' | 'week' | 'month'][] = [];
  if (c.perDay) out.push([c.perDay, 'day']);
  if (c.perWeek) out.push([c.perWeek, 'week']);
  if (c.perMonth) out.push([c.perMonth, 'month']);
  return out;
}

/** What is left of every amount cap over this rule for this user at this time (Infinity when none). */
function capRoom(pack: Pack, rule: RuleDef, userId: string, atMs: number, periodOf: PeriodOf, history: RuleHistory): { room: number; binding?: string } {
  let room = Infinity;
  let binding: string | undefined;
  for (const cap of amountCaps(pack, rule)) {
    if (cap.rolling) {
      // Every window of `hours` that would hold this award: ending at it, or at a later award
      // within `hours` (a late event must not overfill a window already paid into).
      const span = cap.rolling.hours * 3_600_000;
      const ends = [atMs, ...(history.times?.(userId, cap.rules, atMs + 1, atMs + span) ?? [])];
      for (const end of ends) {
        const left = cap.rolling.max - history.sum(userId, cap.rules, end - span + 1, end + 1);
        if (left < room) {
          room = left;
          binding = `${cap.label}: ${cap.rolling.max} ${rule.award.currency} per ${cap.rolling.hours} h`;
        }
      }
    }
    for (const [max, unit] of cap.windows) {
      const { fromMs, toMs } = periodOf(unit);
      const left = max - history.sum(userId, cap.rules, fromMs, toMs);
      if (left < room) {
        room = left;
        binding = `${cap.label}: ${max} ${rule.award.currency} per ${unit}`;
      }
    }
  }
  return { room: Math.max(0, room), binding };
}

/** Where a once-per rule's key is remembered: a pseudo rule id per rule, period and key (hashed: keys are user data). */
function onceMark(rule: RuleDef, event: CanonicalEnvelope, periodOf: PeriodOf): { mark: string } | { missing: string } | undefined {
  const once = rule.oncePer;
  if (!once) return undefined;
  const parts: string[] = [];
  for (const path of once.key) {
    // A key is any value (a question id may well start with `_`), not a recipient: read as named.
    const value = path === 'subject' ? event.userId : namedAt(event, path);
    if (value === undefined || value === '') return { missing: path };
    parts.push(value);
  }
  const period = once.per === 'ever' ? 'ever' : String(periodOf(once.per).fromMs);
  const digest = sha256(parts.join('\u001f'), 'base64url').slice(0, 32);
  return { mark: `once:${rule.id}:${period}:${digest}` };
}

/**
 * The (recipient, rule) pairs whose caps or cooldowns this event may touch: what to lock and load.
 * An amount cap shared by several rules brings every rule it sums over, so two events of one user
 * under the same cap are decided one after the other.
 */
export function limitedRecipients(pack: Pack, event: CanonicalEnvelope): { userId: string; ruleId: string }[] {
  const out: { userId: string; ruleId: string }[] = [];
  for (const rule of pack.rules) {
    if (!typeMatches(rule.on, event.type)) continue;
    const caps = amountCaps(pack, rule);
    if (!rule.limits && caps.length === 0) continue;
    const userId = recipient(rule, event);
    if (!userId) continue;
    const ruleIds = new Set([rule.id, ...caps.flatMap((c) => c.rules)]);
    for (const ruleId of ruleIds) out.push({ userId, ruleId });
  }
  for (const rule of pack.rules) {
    if (!rule.oncePer || !typeMatches(rule.on, event.type)) continue;
    const userId = recipient(rule, event);
    const once = onceMark(rule, event, periodsOf(pack, event));
    if (userId && once && 'mark' in once) out.push({ userId, ruleId: once.mark });
  }
  return out;
}

/** How far back (and forward, for late events) a limit can look: a month plus a day of zone offsets. */
export const LIMIT_HORIZON_MS = 32 * 24 * 3600 * 1000;

/** Per pack, the rules each event type can match, in pack order (computed once per type). */
const rulesByType = new WeakMap<Pack, Map<string, RuleDef[]>>();

function rulesFor(pack: Pack, type: string): RuleDef[] {
  let byType = rulesByType.get(pack);
  if (!byType) {
    byType = new Map();
    rulesByType.set(pack, byType);
  }
  let rules = byType.get(type);
  if (!rules) {
    rules = pack.rules.filter((r) => typeMatches(r.on, type));
    if (byType.size < 10_000) byType.set(type, rules);
  }
  return rules;
}

/**
 * The pure rules engine: what is this event worth under this pack? No I/O, deterministic: the
 * same pack, event and history always give the same awards with the same idempotency keys.
 * Windows, caps and cooldowns use the event's time (late events count where they happened), in
 * the user's time zone or the tenant's.
 */
export function decide(pack: Pack, event: CanonicalEnvelope, history: RuleHistory = NO_HISTORY, state?: UserStateReader): Decision {
  const decision: Decision = { awards: [], skipped: [], marks: [] };
  const rules = rulesFor(pack, event.type);
  if (rules.length === 0) return decision;
  const atMs = Date.parse(event.occurredAt);
  // Calendar periods are only needed for caps and once-per keys, and computed once per event and
  // unit (luxon is the costly part of a decision).
  const periodOf = periodsOf(pack, event);
  const isPublic = passesGate(pack, event);
  for (const rule of rules) {
    // A rule reading the recipient's state (user.metrics.*, user.streaks.*) sees it as this user's
    // earlier events left it; other rules evaluate over the event alone.
    const refs = ruleStateRefs(rule);
    const userId = recipient(rule, event);
    const extra = refs && userId ? { user: userState(pack, refs, userId, event, state) } : undefined;
    if (rule.if !== undefined && !truthy(rule.if, event, extra)) {
      decision.skipped.push({ ruleId: rule.id, reason: "condition (`if`) not met" });
      continue;
    }
    if (!userId) {
      // Missing, or not a valid user id: skipped and recorded with the decision (stored once per
      // event, so a redelivery or replay reads the same), the event's other awards unaffected.
      decision.skipped.push({ ruleId: rule.id, reason: noRecipientReason(event, rule.award.to) });
      continue;
    }
    const ignoreSelf = rule.award.ignoreSelf ?? (rule.award.to ?? 'subject') !== 'subject';
    if (ignoreSelf && userId === event.userId) {
      decision.skipped.push({ ruleId: rule.id, reason: 'self-interaction' });
      continue;
    }
    let amount = typeof rule.award.amount === 'number' ? rule.award.amount : Number(evaluate(rule.award.amount.expr, event, extra));
    if (!Number.isFinite(amount)) {
      decision.skipped.push({ ruleId: rule.id, reason: 'amount expression gave no number' });
      continue;
    }
    amount = Math.trunc(amount);
    const bounds = amountBounds(rule.award);
    if (amount < bounds.min || amount > bounds.max) {
      decision.skipped.push({ ruleId: rule.id, reason: `amount ${amount} outside the rule's range [${bounds.min}, ${bounds.max}]` });
      continue;
    }
    if (amount > 0) {
      for (const b of pack.boosts ?? []) {
        const inWindow = atMs >= Date.parse(b.from) && atMs < Date.parse(b.to);
        if (inWindow && (!b.currencies || b.currencies.includes(rule.award.currency)) && (!b.rules || b.rules.includes(rule.id))) amount = Math.floor(amount * b.factor);
      }
      amount = Math.min(amount, MAX_AWARD_AMOUNT);
    }
    if (amount === 0) {
      decision.skipped.push({ ruleId: rule.id, reason: 'zero amount' });
      continue;
    }
    const once = onceMark(rule, event, periodOf);
    if (once && 'missing' in once) {
      decision.skipped.push({ ruleId: rule.id, reason: `once-per key field ${once.missing} missing in event` });
      continue;
    }
    if (once && history.count(userId, once.mark, -Infinity, Infinity) > 0) {
      decision.skipped.push({ ruleId: rule.id, reason: `already paid once per ${[...rule.oncePer!.key].join(' + ')}${rule.oncePer!.per === 'ever' ? '' : ` this ${rule.oncePer!.per}`}` });
      continue;
    }
    const limited = rule.limits ? limitReason(rule, userId, atMs, periodOf, history) : null;
    if (limited) {
      decision.skipped.push({ ruleId: rule.id, reason: limited });
      continue;
    }
    // Amount caps count positive awards only: a penalty is never capped and never consumes one.
    if (amount > 0 && amountCaps(pack, rule).length > 0) {
      const { room, binding } = capRoom(pack, rule, userId, atMs, periodOf, history);
      if (room === 0) {
        decision.skipped.push({ ruleId: rule.id, reason: `amount cap reached (${binding})` });
        continue;
      }
      if (room < amount) {
        decision.skipped.push({ ruleId: rule.id, reason: `paid ${room} of ${amount}: the remainder of ${binding}` });
        amount = room;
      }
    }
    // Only limits and amount caps read a rule's history (and only their rules' history is loaded).
    if (rule.limits || amountCaps(pack, rule).length > 0) history.record?.(userId, rule.id, atMs, amount);
    if (once) {
      history.record?.(userId, once.mark, atMs, 0);
      decision.marks.push({ userId, ruleId: once.mark });
    }
    for (const a of credit(pack, { userId, currency: rule.award.currency, amount, ruleId: rule.id, ruleVersion: rule.version ?? 1, keyBase: `${event.id}:${rule.id}:${userId}`, isPublic })) decision.awards.push(a);
  }
  return decision;
}
