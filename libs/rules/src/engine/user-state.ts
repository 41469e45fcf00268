import type { Award, CanonicalEnvelope, ProgressOutcome } from '@questline/contracts';
import type { MetricDef, Pack, RuleDef } from '../pack/pack.types';
import { metricInput, metricKey, metricPeriod, type MetricState } from '../progress/metrics';
import { streakKey, streakView, type StreakState } from '../progress/streaks';
import { counterDelta } from '../progress/counters';
import { typeMatches, userAt, zoneOf } from './evaluate';
import { availableAt, badgesReached, partsOf, partsReached } from './badges';
import { userLevel } from './levels';

/**
 * Rule conditions and computed amounts may read the recipient's state: `user.metrics.<id>` (the
 * metric's value in the event's period), `user.streaks.<id>` (the current streak length at the
 * event's time), `user.level`, `user.lifetime.<currency>` (lifetime earned) and `user.badges`
 * (the ids of the achievements the user holds). The state is what the user's events decided
 * before this one left (in the order the decision store decides them); a late event never changes
 * a decision already made.
 */
export interface UserStateRefs {
  metrics: string[];
  streaks: string[];
  /** Currencies whose lifetime earned is read. */
  lifetime: string[];
  level: boolean;
  badges: boolean;
  /** `user.*` paths that name no state the platform keeps. */
  unknown: string[];
}

/**
 * The progress entry holding what the rules engine has credited a user, kept only when a rule
 * reads the level, a lifetime or the badges: lifetime (gross) and net earned per tracked currency,
 * and the metric badges reached. Updated after each event's decision from its awards (rules,
 * progress rewards, conversions), so it follows decision order like every other piece of state.
 * Seeded from the ledger's balances and unlocks the first time a user's entry is loaded.
 */
export const EARNED_KEY = 'earned';
export interface EarnedState {
  lifetime: Record<string, number>;
  net: Record<string, number>;
  /** Metric, streak, mission and quest achievements reached (or unlocked before the entry existed). */
  badges: string[];
}

/** Reads progress entries (the decision store's loaded progress fits). */
export interface UserStateReader {
  get<T>(userId: string, key: string): T | undefined;
}

/** Every `user.*` variable an expression reads. */
export function userStateRefs(expr: unknown): UserStateRefs {
  const refs: UserStateRefs = { metrics: [], streaks: [], lifetime: [], level: false, badges: false, unknown: [] };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [op, arg] of Object.entries(node)) {
      if (op === 'var') {
        const path = Array.isArray(arg) ? arg[0] : arg;
        if (typeof path === 'string' && (path === 'user' || path.startsWith('user.'))) {
          const m = /^user\.(metrics|streaks|lifetime)\.([a-z0-9][a-z0-9_.-]{0,63})$/.exec(path);
          if (path === 'user.level') refs.level = true;
          else if (path === 'user.badges') refs.badges = true;
          else if (!m) refs.unknown.push(path);
          else (m[1] === 'metrics' ? refs.metrics : m[1] === 'streaks' ? refs.streaks : refs.lifetime).push(m[2]!);
        }
      }
      visit(arg);
    }
  };
  visit(expr);
  return refs;
}

const refsByRule = new WeakMap<RuleDef, UserStateRefs | null>();

/** The state a rule's condition and amount read (null: none), computed once per rule. */
export function ruleStateRefs(rule: RuleDef): UserStateRefs | null {
  let refs = refsByRule.get(rule);
  if (refs === undefined) {
    const found = userStateRefs([rule.if, typeof rule.award.amount === 'object' ? rule.award.amount.expr : undefined]);
    refs = found.metrics.length + found.streaks.length + found.lifetime.length + found.unknown.length > 0 || found.level || found.badges ? found : null;
    refsByRule.set(rule, refs);
  }
  return refs;
}

/** The progress keys holding the state `refs` reads for this user and event (what to lock and load). */
export function stateKeys(pack: Pack, refs: UserStateRefs, event: CanonicalEnvelope): string[] {
  const atMs = Date.parse(event.occurredAt);
  const zone = zoneOf(pack, event);
  const keys: string[] = [];
  for (const id of refs.metrics) {
    const def = pack.metrics.find((m) => m.id === id);
    if (def) keys.push(metricKey(def, metricPeriod(pack, def, atMs, zone)));
  }
  for (const id of refs.streaks) {
    const def = pack.streaks.find((s) => s.id === id);
    if (def) keys.push(streakKey(def));
  }
  if (refs.level || refs.badges || refs.lifetime.length > 0) keys.push(EARNED_KEY);
  return keys;
}

interface EarnedTracking {
  currencies: Set<string>;
}
const trackingByPack = new WeakMap<Pack, EarnedTracking | null>();

/** What the earned entry keeps for this pack; null when no rule reads the level, a lifetime or badges. */
export function earnedTracking(pack: Pack): EarnedTracking | null {
  let t = trackingByPack.get(pack);
  if (t === undefined) {
    const currencies = new Set<string>();
    let used = false;
    for (const rule of pack.rules) {
      const refs = ruleStateRefs(rule);
      if (!refs) continue;
      if (refs.level || refs.badges) {
        used = true;
        if (pack.levels) currencies.add(pack.levels.currency);
      }
      if (refs.badges) for (const a of pack.achievements) for (const w of partsOf(a.when) ?? [a.when]) if ('currency' in w) currencies.add(w.currency);
      for (const c of refs.lifetime) currencies.add(c);
      used ||= refs.lifetime.length > 0;
    }
    t = used ? { currencies } : null;
    trackingByPack.set(pack, t);
  }
  return t;
}

/** Everyone this event can credit (whose earned entry it may move): the user and every recipient of a matching rule, counter or metric. */
export function earnedKeys(pack: Pack, event: CanonicalEnvelope): { userId: string; key: string }[] {
  if (!earnedTracking(pack)) return [];
  const users = new Set<string>([event.userId]);
  for (const rule of pack.rules) {
    if (!typeMatches(rule.on, event.type)) continue;
    const to = userAt(event, rule.award.to);
    if (to) users.add(to);
  }
  for (const c of pack.counters) {
    const to = counterDelta(c, event) !== 0 ? userAt(event, c.to) : undefined;
    if (to) users.add(to);
  }
  const zone = zoneOf(pack, event);
  for (const m of pack.metrics) {
    const input = metricInput(m, event, zone);
    if (input) users.add(input.userId);
  }
  return [...users].map((userId) => ({ userId, key: EARNED_KEY }));
}

/** Moves the earned entries by one event's decision: its awards in tracked currencies and the metric badges its milestones reach. */
export function recordEarned(
  pack: Pack,
  awards: readonly Award[],
  outcomes: readonly ProgressOutcome[],
  store: UserStateReader & { set(userId: string, key: string, state: unknown): void },
  atMs = Number.NaN,
): void {
  const tracking = earnedTracking(pack);
  if (!tracking) return;
  // Entries are updated in place (the store holds this decision's working copy).
  let next: Map<string, EarnedState> | undefined;
  const entry = (userId: string) => {
    let e = next?.get(userId);
    if (!e) {
      e = store.get<EarnedState>(userId, EARNED_KEY) ?? { lifetime: {}, net: {}, badges: [] };
      (next ??= new Map()).set(userId, e);
    }
    return e;
  };
  for (const a of awards) {
    if (!tracking.currencies.has(a.currency) || a.amount === 0) continue;
    const e = entry(a.userId);
    if (a.amount > 0) e.lifetime[a.currency] = (e.lifetime[a.currency] ?? 0) + a.amount;
    e.net[a.currency] = (e.net[a.currency] ?? 0) + a.amount;
  }
  const open = (a: { availableFrom?: string; availableUntil?: string }) => Number.isNaN(atMs) || availableAt(a as Pack['achievements'][number], atMs);
  const add = (e: EarnedState, id: string) => e.badges.includes(id) || e.badges.push(id);
  for (const o of outcomes) {
    for (const a of badgesReached(pack, o)) if (open(a)) add(entry(o.userId), a.id);
    // A combination's parts reached by progress are kept as `<id>#<part>`; its balance and level parts are read from the balances.
    for (const { def, parts } of partsReached(pack, o)) if (open(def)) for (const i of parts) add(entry(o.userId), `${def.id}#${i}`);
  }
  // A time-limited balance, level or combination badge counts only when reached inside its window: recorded then.
  if (next) {
    for (const [userId, e] of next) {
      for (const a of pack.achievements) {
        if ((!a.availableFrom && !a.availableUntil) || e.badges.includes(a.id) || !open(a) || ('metric' in a.when) || ('streak' in a.when) || ('quest' in a.when) || ('mission' in a.when)) continue;
        if (holdsNow(pack, a, e)) add(e, a.id);
      }
      store.set(userId, EARNED_KEY, e);
    }
  }
}

const lifetimeOf = (earned: EarnedState | undefined, currency: string) => earned?.lifetime[currency] ?? 0;

/** The level an earned entry gives (1 without levels). */
function levelOf(pack: Pack, earned: EarnedState | undefined): number {
  const curve = pack.levels;
  return userLevel(curve, curve && { lifetime: lifetimeOf(earned, curve.currency), net: earned?.net[curve.currency] ?? 0 });
}

/** The achievements an earned entry holds: balance, level, metric, streak, mission and quest badges, and `level-<n>` up to the level. */
function badgesOf(pack: Pack, earned: EarnedState | undefined): string[] {
  const badges: string[] = [];
  const level = levelOf(pack, earned);
  for (const a of pack.achievements) {
    const windowed = (a.availableFrom || a.availableUntil) && !('leaderboard' in a.when);
    if (windowed ? earned?.badges.includes(a.id) : holdsNow(pack, a, earned, level)) badges.push(a.id);
  }
  for (let n = 2; n <= level; n++) badges.push(`level-${n}`);
  // Prerequisites: an achievement counts only with every one it requires (dropping one can drop others).
  const held = new Set(badges);
  for (let dropped = true; dropped; ) {
    dropped = false;
    for (const a of pack.achievements) {
      if (held.has(a.id) && a.requires?.some((r) => !held.has(r))) {
        held.delete(a.id);
        dropped = true;
      }
    }
  }
  return badges.filter((b) => held.has(b));
}

/** Whether an earned entry meets an achievement's criterion: balances and the level directly, progress criteria (and combination parts) as recorded when reached. */
function holdsNow(pack: Pack, a: Pack['achievements'][number], earned: EarnedState | undefined, level = levelOf(pack, earned)): boolean {
  const w = a.when;
  const parts = partsOf(w);
  if (parts) {
    const met = parts.map((p, i) => ('currency' in p ? lifetimeOf(earned, p.currency) >= p.lifetimeAtLeast : 'level' in p ? level >= p.level : !!earned?.badges.includes(`${a.id}#${i}`)));
    return 'all' in w ? met.every(Boolean) : met.some(Boolean);
  }
  return 'currency' in w ? lifetimeOf(earned, w.currency) >= w.lifetimeAtLeast : 'level' in w ? level >= w.level : !!earned?.badges.includes(a.id);
}

/** The `user` object an expression sees for this recipient and event. */
export function userState(pack: Pack, refs: UserStateRefs, userId: string, event: CanonicalEnvelope, reader: UserStateReader | undefined): Record<string, unknown> {
  const atMs = refs.metrics.length + refs.streaks.length > 0 ? Date.parse(event.occurredAt) : 0;
  const zone = refs.metrics.length > 0 ? zoneOf(pack, event) : '';
  const metrics: Record<string, number> = {};
  const streaks: Record<string, number> = {};
  for (const id of refs.metrics) {
    const def = pack.metrics.find((m) => m.id === id) as MetricDef | undefined;
    metrics[id] = def ? (reader?.get<MetricState>(userId, metricKey(def, metricPeriod(pack, def, atMs, zone)))?.value ?? 0) : 0;
  }
  for (const id of refs.streaks) {
    const def = pack.streaks.find((s) => s.id === id);
    streaks[id] = def ? streakView(pack, def, reader?.get<StreakState>(userId, streakKey(def)), atMs).current : 0;
  }
  const state: Record<string, unknown> = { metrics, streaks };
  if (refs.level || refs.badges || refs.lifetime.length > 0) {
    const earned = reader?.get<EarnedState>(userId, EARNED_KEY);
    if (refs.level) state['level'] = levelOf(pack, earned);
    if (refs.badges) state['badges'] = badgesOf(pack, earned);
    if (refs.lifetime.length > 0) state['lifetime'] = Object.fromEntries(refs.lifetime.map((c) => [c, lifetimeOf(earned, c)]));
  }
  return state;
}
