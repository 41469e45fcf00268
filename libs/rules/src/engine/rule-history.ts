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
  /** Event times (ms) of `ruleId`'s awards to `userId` within `ms` of `atMs` (either side). */
  near(userId: string, ruleId: string, atMs: number, ms: number): boolean;
  record?(userId: string, ruleId: string, atMs: number, amount: number): void;
}

export const NO_HISTORY: RuleHistory = { count: () => 0, sum: () => 0, near: () => false };

/** A RuleHistory in memory: filled from storage (or empty), updated as decisions are made. */
export class MemoryRuleHistory implements RuleHistory {
  private readonly awards = new Map<string, { atMs: number; amount: number }[]>();

  constructor(entries: { userId: string; ruleId: string; atMs: number; amount?: number }[] = []) {
    for (const e of entries) this.record(e.userId, e.ruleId, e.atMs, e.amount ?? 0);
  }

  private key(userId: string, ruleId: string): string {
    return `${userId}\u0000${ruleId}`;
  }

  record(userId: string, ruleId: string, atMs: number, amount: number): void {
    const k = this.key(userId, ruleId);
    const list = this.awards.get(k);
    if (list) list.push({ atMs, amount });
    else this.awards.set(k, [{ atMs, amount }]);
  }

  count(userId: string, ruleId: string, fromMs: number, toMs: number): number {
    let n = 0;
    for (const a of this.awards.get(this.key(userId, ruleId)) ?? []) if (a.atMs >= fromMs && a.atMs < toMs) n++;
    return n;
  }

  sum(userId: string, ruleIds: readonly string[], fromMs: number, toMs: number): number {
    let total = 0;
    for (const ruleId of ruleIds) for (const a of this.awards.get(this.key(userId, ruleId)) ?? []) if (a.atMs >= fromMs && a.atMs < toMs && a.amount > 0) total += a.amount;
    return total;
  }

  near(userId: string, ruleId: string, atMs: number, ms: number): boolean {
    return (this.awards.get(this.key(userId, ruleId)) ?? []).some((a) => Math.abs(a.atMs - atMs) < ms);
  }
}
