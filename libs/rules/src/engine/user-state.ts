import type { CanonicalEnvelope } from '@questline/contracts';
import type { MetricDef, Pack, RuleDef } from '../pack/pack.types';
import { metricKey, metricPeriod, type MetricState } from '../progress/metrics';
import { streakKey, streakView, type StreakState } from '../progress/streaks';
import { zoneOf } from './evaluate';

/**
 * Rule conditions and computed amounts may read the recipient's state: `user.metrics.<id>` (the
 * metric's value in the event's period) and `user.streaks.<id>` (the current streak length at the
 * event's time). The state is what the user's events decided before this one left (in the order
 * the decision store decides them); a late event never changes a decision already made.
 */
export interface UserStateRefs {
  metrics: string[];
  streaks: string[];
  /** `user.*` paths that name no state the platform keeps. */
  unknown: string[];
}

/** Reads progress entries (the decision store's loaded progress fits). */
export interface UserStateReader {
  get<T>(userId: string, key: string): T | undefined;
}

/** Every `user.*` variable an expression reads. */
export function userStateRefs(expr: unknown): UserStateRefs {
  const refs: UserStateRefs = { metrics: [], streaks: [], unknown: [] };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [op, arg] of Object.entries(node)) {
      if (op === 'var') {
        const path = Array.isArray(arg) ? arg[0] : arg;
        if (typeof path === 'string' && (path === 'user' || path.startsWith('user.'))) {
          const m = /^user\.(metrics|streaks)\.([a-z0-9][a-z0-9_.-]{0,63})$/.exec(path);
          if (!m) refs.unknown.push(path);
          else (m[1] === 'metrics' ? refs.metrics : refs.streaks).push(m[2]!);
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
    refs = found.metrics.length + found.streaks.length + found.unknown.length > 0 ? found : null;
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
  return keys;
}

/** The `user` object an expression sees for this recipient and event. */
export function userState(pack: Pack, refs: UserStateRefs, userId: string, event: CanonicalEnvelope, reader: UserStateReader | undefined): Record<string, unknown> {
  const atMs = Date.parse(event.occurredAt);
  const zone = zoneOf(pack, event);
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
  return { metrics, streaks };
}
