import jsonLogic from 'json-logic-js';
import { DateTime } from 'luxon';
import { MAX_SCOPE_VALUES, nameMatches, userIdProblem, type Award, type CanonicalEnvelope, type Scopes } from '@questline/contracts';
import type { ActivityDef, Pack } from '../pack/pack.types';

/** `knowledge.*` matches `knowledge.answer.accepted`; `*` matches everything (nameMatches). */
export function typeMatches(pattern: string, type: string): boolean {
  return nameMatches(pattern, type);
}

/** A dotted path into the event (`payload.answer_author_id`). */
const splitPaths = new Map<string, string[]>();

export function readPath(event: CanonicalEnvelope, path: string): unknown {
  let parts = splitPaths.get(path);
  if (!parts) {
    parts = path.split('.');
    // Paths come from packs (a bounded set); the bound guards against anything else.
    if (splitPaths.size < 10_000) splitPaths.set(path, parts);
  }
  let cur: unknown = event;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** What a `to` (or a once-per key path) names, as text, valid user id or not: `subject` (the event's user) or a path to a string or number in the event. */
export function namedAt(event: CanonicalEnvelope, to: string | undefined): string | undefined {
  if (!to || to === 'subject') return event.userId;
  const v = readPath(event, to);
  return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
}

/**
 * The user a `to` names, or undefined when it names none or something that is not a valid user id
 * (contracts' rule: a platform placeholder such as `_unlinked`, over 128 characters, control
 * characters). Such a recipient is credited nothing — no award, progress or metric — so it cannot
 * get a profile or a rank, and cannot fail the event's other awards downstream (the scored
 * message's schema bounds user ids).
 */
export function userAt(event: CanonicalEnvelope, to: string | undefined): string | undefined {
  const id = namedAt(event, to);
  return id !== undefined && userIdProblem(id) === null ? id : undefined;
}

/** Why `userAt` names no one, for a decision's skipped list (the id itself is not repeated: it may be huge or personal). */
export function noRecipientReason(event: CanonicalEnvelope, to: string | undefined): string {
  const id = namedAt(event, to);
  const problem = id === undefined ? null : userIdProblem(id);
  return problem ? `recipient ${to ?? 'subject'} is not a valid user id: ${problem}` : `recipient ${to} missing in event`;
}

/** The data JSONLogic expressions see. */
export const exprData = (event: CanonicalEnvelope) => ({ event, payload: event.payload });

/** Evaluates over `{ event, payload }`, plus `extra` (e.g. the recipient's state as `user`). */
export const evaluate = (expr: unknown, event: CanonicalEnvelope, extra?: Record<string, unknown>): unknown =>
  jsonLogic.apply(expr as jsonLogic.RulesLogic, extra ? { ...exprData(event), ...extra } : exprData(event));

export const truthy = (expr: unknown, event: CanonicalEnvelope, extra?: Record<string, unknown>): boolean => jsonLogic.truthy(evaluate(expr, event, extra));

/** The event is activity of this kind: its type matches and its condition (if any) holds. */
export const isActivity = (def: ActivityDef, event: CanonicalEnvelope): boolean =>
  (typeof def.on === 'string' ? typeMatches(def.on, event.type) : def.on.some((p) => typeMatches(p, event.type))) && (def.if === undefined || truthy(def.if, event));

/** The event's time zone: the user's (envelope meta.timezone) when it names a valid zone, else the tenant's. */
/** The path of the pack's user-time-zone dimension, looked up once per pack. */
const userZonePath = new WeakMap<Pack, string | string[] | null>();
const validZones = new Map<string, boolean>();
const isZone = (tz: unknown): tz is string => {
  if (typeof tz !== 'string' || tz.length > 64) return false;
  let ok = validZones.get(tz);
  if (ok === undefined) {
    ok = DateTime.local().setZone(tz).isValid;
    if (validZones.size < 10_000) validZones.set(tz, ok);
  }
  return ok;
};

/**
 * The time zone an event's days, weeks and months are counted in: the user's, from the pack's
 * `userTimezone` dimension when the event carries a valid zone there, else the envelope's
 * `meta.timezone`, else the pack's `timezone`.
 */
export function zoneOf(pack: Pack, event: CanonicalEnvelope): string {
  let path = userZonePath.get(pack);
  if (path === undefined) {
    path = pack.userTimezone ? (pack.dimensions?.find((d) => d.id === pack.userTimezone)?.path ?? null) : null;
    userZonePath.set(pack, path);
  }
  if (path) {
    const declared = readDimension(event, path);
    if (isZone(declared)) return declared;
  }
  const tz = (event.meta as Record<string, unknown> | undefined)?.['timezone'];
  if (isZone(tz)) return tz;
  return pack.timezone || 'UTC';
}

/** A dimension's value: its path, or the first of its paths present on the event. */
function readDimension(event: CanonicalEnvelope, path: string | string[]): unknown {
  if (typeof path === 'string') return readPath(event, path);
  for (const p of path) {
    const v = readPath(event, p);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** Whether the event passes the pack's leaderboard gate (seed 000 gate 1). */
export const passesGate = (pack: Pack, event: CanonicalEnvelope): boolean => (pack.gates?.leaderboard ? truthy(pack.gates.leaderboard.if, event) : true);

/**
 * A credit and what it converts into: `amount` of `currency`, then (for positive amounts) every
 * conversion chain from it (acyclic, checked at upload). Each award's idempotency key is
 * `<keyBase>:<currency path>`, so a replay produces the same keys.
 */
export function credit(
  pack: Pack,
  c: { userId: string; currency: string; amount: number; ruleId: string; ruleVersion: number; keyBase: string; isPublic: boolean },
): Award[] {
  const award = (currency: string, amount: number, path: string): Award => {
    const a: Award = { userId: c.userId, currency, amount, ruleId: c.ruleId, ruleVersion: c.ruleVersion, idempotencyKey: `${c.keyBase}:${path}` };
    if (!c.isPublic) a.public = false;
    return a;
  };
  const out: Award[] = [award(c.currency, c.amount, c.currency)];
  if (c.amount <= 0) return out;
  const from = conversionsFrom(pack);
  const convert = (currency: string, value: number, path: string) => {
    for (const conv of from.get(currency) ?? []) {
      const converted = Math.floor(value * conv.rate);
      if (converted === 0) continue;
      out.push(award(conv.to, converted, `${path}>${conv.to}`));
      convert(conv.to, converted, `${path}>${conv.to}`);
    }
  };
  if (from.has(c.currency)) convert(c.currency, c.amount, c.currency);
  return out;
}

const conversionsByPack = new WeakMap<Pack, Map<string, { to: string; rate: number }[]>>();

/** The pack's conversions grouped by the currency they convert from (once per pack). */
function conversionsFrom(pack: Pack): Map<string, { to: string; rate: number }[]> {
  let byFrom = conversionsByPack.get(pack);
  if (!byFrom) {
    byFrom = new Map();
    for (const conv of pack.conversions ?? []) byFrom.set(conv.from, [...(byFrom.get(conv.from) ?? []), { to: conv.to, rate: conv.rate }]);
    conversionsByPack.set(pack, byFrom);
  }
  return byFrom;
}

/** One dimension value as stored: a string or a finite number, 1 to 128 characters and not blank (kept as sent); else null. */
function scopeValue(v: unknown): string | null {
  const s = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
  return s.length > 0 && s.length <= 128 && s.trim().length > 0 ? s : null;
}

/**
 * The event's value of each of the pack's dimensions (leaderboard scopes): strings and finite
 * numbers up to 128 characters; anything else leaves the dimension out (the event still counts
 * on global boards). A list (a question's tags) keeps its distinct valid values, in order, at most
 * MAX_SCOPE_VALUES: the event counts on each value's board. Undefined when the pack declares none
 * or the event has none of them.
 */
export function dimensionValues(pack: Pack, event: CanonicalEnvelope): Scopes | undefined {
  let out: Scopes | undefined;
  for (const d of pack.dimensions) {
    const v = readDimension(event, d.path);
    if (Array.isArray(v)) {
      const list: string[] = [];
      for (const x of v) {
        const s = scopeValue(x);
        if (s !== null && !list.includes(s)) list.push(s);
        if (list.length === MAX_SCOPE_VALUES) break;
      }
      if (list.length > 0) (out ??= {})[d.id] = list;
    } else {
      const s = scopeValue(v);
      if (s !== null) (out ??= {})[d.id] = s;
    }
  }
  return out;
}
