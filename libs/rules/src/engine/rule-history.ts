/**
 * What the rules engine must know about a user's past to apply caps and cooldowns: awards a rule
 * already made, by event time, with their amounts. The app loads it from storage for a batch;
 * decide() records each new award in it, so later events of the same batch see earlier ones.
 */
export interface RuleHistory {
  /** Awards `ruleId` gave `userId` with event time in [fromMs, toMs). */
  count(userId: string, ruleId: string, fromMs: number, toMs: number): number;
  /** The amount `ruleIds` together gave `userId` with event time in [fromMs, toMs) (amount caps). */
  sum(userId: string, ruleIds: readonly string[], fromMs: number, toMs: number): number;
  /** Event times of the positive awards `ruleIds` gave `userId` in [fromMs, toMs) (rolling caps). */
  times?(userId: string, ruleIds: readonly string[], fromMs: number, toMs: number): number[];
  /** Event times (ms) of `ruleId`'s awards to `userId` within `ms` of `atMs` (either side). */
  near(userId: string, ruleId: string, atMs: number, ms: number): boolean;
  record?(userId: string, ruleId: string, atMs: number, amount: number): void;
}

export const NO_HISTORY: RuleHistory = { count: () => 0, sum: () => 0, near: () => false };

/**
 * A RuleHistory in memory: filled from storage (or empty), updated as decisions are made. Each
 * (user, rule) keeps its awards sorted by event time (appends are the common case: events mostly
 * arrive in time order), so a window is found by binary search, not a scan of the whole history.
 */
export class MemoryRuleHistory implements RuleHistory {
  /** user → rule → awards (nested maps: no key string built per lookup). */
  private readonly awards = new Map<string, Map<string, { times: number[]; amounts: number[] }>>();

  constructor(entries: { userId: string; ruleId: string; atMs: number; amount?: number }[] = []) {
    for (const e of entries) this.record(e.userId, e.ruleId, e.atMs, e.amount ?? 0);
  }

  private list(userId: string, ruleId: string): { times: number[]; amounts: number[] } | undefined {
    return this.awards.get(userId)?.get(ruleId);
  }

  record(userId: string, ruleId: string, atMs: number, amount: number): void {
    let rules = this.awards.get(userId);
    if (!rules) this.awards.set(userId, (rules = new Map()));
    let list = rules.get(ruleId);
    if (!list) rules.set(ruleId, (list = { times: [], amounts: [] }));
    const n = list.times.length;
    if (n === 0 || list.times[n - 1]! <= atMs) {
      list.times.push(atMs);
      list.amounts.push(amount);
    } else {
      const i = lowerBound(list.times, atMs + 1);
      list.times.splice(i, 0, atMs);
      list.amounts.splice(i, 0, amount);
    }
  }

  count(userId: string, ruleId: string, fromMs: number, toMs: number): number {
    const list = this.list(userId, ruleId);
    return list ? lowerBound(list.times, toMs) - lowerBound(list.times, fromMs) : 0;
  }

  sum(userId: string, ruleIds: readonly string[], fromMs: number, toMs: number): number {
    let total = 0;
    for (const ruleId of ruleIds) {
      const list = this.list(userId, ruleId);
      if (!list) continue;
      for (let i = lowerBound(list.times, fromMs), end = lowerBound(list.times, toMs); i < end; i++) if (list.amounts[i]! > 0) total += list.amounts[i]!;
    }
    return total;
  }

  times(userId: string, ruleIds: readonly string[], fromMs: number, toMs: number): number[] {
    const out: number[] = [];
    for (const ruleId of ruleIds) {
      const list = this.list(userId, ruleId);
      if (!list) continue;
      for (let i = lowerBound(list.times, fromMs), end = lowerBound(list.times, toMs); i < end; i++) if (list.amounts[i]! > 0) out.push(list.times[i]!);
    }
    return out;
  }

  near(userId: string, ruleId: string, atMs: number, ms: number): boolean {
    const list = this.list(userId, ruleId);
    if (!list) return false;
    const i = lowerBound(list.times, atMs - ms + 1);
    return i < list.times.length && list.times[i]! < atMs + ms;
  }
}

/** The first index whose time is ≥ t (times sorted ascending; ±Infinity work). */
function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
