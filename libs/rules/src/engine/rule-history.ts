/**
 * What the rules engine must know about a user's past to apply caps and cooldowns: awards a rule
 * already made, by event time. The app loads it from storage for a batch; decide() records each
 * new award in it, so later events of the same batch see earlier ones.
 */
export interface RuleHistory {
  /** Awards `ruleId` gave `userId` with event time in [fromMs, toMs). */
  count(userId: string, ruleId: string, fromMs: number, toMs: number): number;
  /** Event times (ms) of `ruleId`'s awards to `userId` within `ms` of `atMs` (either side). */
  near(userId: string, ruleId: string, atMs: number, ms: number): boolean;
  record?(userId: string, ruleId: string, atMs: number): void;
}

export const NO_HISTORY: RuleHistory = { count: () => 0, near: () => false };

/** A RuleHistory in memory: filled from storage (or empty), updated as decisions are made. */
export class MemoryRuleHistory implements RuleHistory {
  private readonly times = new Map<string, number[]>();

  constructor(entries: { userId: string; ruleId: string; atMs: number }[] = []) {
    for (const e of entries) this.record(e.userId, e.ruleId, e.atMs);
  }

  private key(userId: string, ruleId: string): string {
    return `${userId}\u0000${ruleId}`;
  }

  record(userId: string, ruleId: string, atMs: number): void {
    const k = this.key(userId, ruleId);
    const list = this.times.get(k);
    if (list) list.push(atMs);
    else this.times.set(k, [atMs]);
  }

  count(userId: string, ruleId: string, fromMs: number, toMs: number): number {
    let n = 0;
    for (const t of this.times.get(this.key(userId, ruleId)) ?? []) if (t >= fromMs && t < toMs) n++;
    return n;
  }

  near(userId: string, ruleId: string, atMs: number, ms: number): boolean {
    return (this.times.get(this.key(userId, ruleId)) ?? []).some((t) => Math.abs(t - atMs) < ms);
  }
}
