import { keepsZero, type BoardPeriodRef, type GuardedAward, type RankedMember, type RankedSetRef, type RankStore, type TiePolicy } from '../domain/rank-store.port';
import { LeaderboardKeys } from './leaderboard-keys';

interface Entry {
  score: number;
  tick: number;
}

/** In-memory sorted sets for the standalone mode, with the Redis adapter's ordering and ranks. */
export class MemoryRankStore implements RankStore {
  readonly durable = false;
  private readonly data = new Map<string, Map<string, Entry>>();
  private readonly guards = new Set<string>();

  private readonly sets = new Map<string, Set<string>>();

  async applyOnce(tenantId: string, awards: GuardedAward[]): Promise<boolean[]> {
    return awards.map((a) => {
      const guard = LeaderboardKeys.guard(tenantId, a.awardKey);
      if (this.guards.has(guard)) return false;
      this.guards.add(guard);
      if (this.sets.get(tenantId)?.has(a.member)) return true;
      for (const u of a.updates) {
        if (u.set.tenantId !== tenantId) throw new Error(`rank store: a set of tenant "${u.set.tenantId}" in a call for "${tenantId}"`);
        const key = LeaderboardKeys.of(u.set);
        let board = this.data.get(key);
        if (!board) this.data.set(key, (board = new Map()));
        const old = board.get(a.member);
        const score = (old?.score ?? 0) + u.delta;
        // Back to 0: off a board (as the Redis store does); a league cohort keeps its seats.
        if (score === 0 && !keepsZero(u.set)) board.delete(a.member);
        else board.set(a.member, { score, tick: Math.max(old?.tick ?? -1, u.tick) });
      }
      return true;
    });
  }

  /** Score descending, then earliest tick, then member (as Redis orders equal stored scores: member descending). */
  private sorted(set: RankedSetRef): [string, Entry][] {
    return [...(this.data.get(LeaderboardKeys.of(set)) ?? new Map<string, Entry>()).entries()].sort(
      (a, b) => b[1].score - a[1].score || a[1].tick - b[1].tick || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0),
    );
  }

  private rank(all: [string, Entry][], score: number, ties: TiePolicy): number {
    return ties === 'dense' ? new Set(all.filter(([, e]) => e.score > score).map(([, e]) => e.score)).size + 1 : all.filter(([, e]) => e.score > score).length + 1;
  }

  async top(set: RankedSetRef, offset: number, limit: number, ties: TiePolicy = 'competition'): Promise<RankedMember[]> {
    const all = this.sorted(set);
    return all.slice(offset, offset + limit).map(([member, e]) => ({ member, score: e.score, rank: this.rank(all, e.score, ties) }));
  }

  async rankOf(set: RankedSetRef, member: string, ties: TiePolicy = 'competition'): Promise<RankedMember | null> {
    const e = this.data.get(LeaderboardKeys.of(set))?.get(member);
    return e ? { member, score: e.score, rank: this.rank(this.sorted(set), e.score, ties) } : null;
  }

  async around(set: RankedSetRef, member: string, n: number, ties: TiePolicy = 'competition'): Promise<RankedMember[]> {
    const all = this.sorted(set);
    const i = all.findIndex(([m]) => m === member);
    if (i < 0) return [];
    const from = Math.max(0, i - n);
    return this.top(set, from, i + n + 1 - from, ties);
  }

  async size(set: RankedSetRef): Promise<number> {
    return this.data.get(LeaderboardKeys.of(set))?.size ?? 0;
  }

  async scores(set: RankedSetRef): Promise<Map<string, number>> {
    return new Map([...(this.data.get(LeaderboardKeys.of(set)) ?? new Map<string, Entry>()).entries()].map(([m, e]) => [m, e.score]));
  }

  async replace(set: RankedSetRef, members: { member: string; score: number; tick: number }[]): Promise<void> {
    this.data.set(LeaderboardKeys.of(set), new Map(members.map((m) => [m.member, { score: m.score, tick: m.tick }])));
  }

  async setMember(set: RankedSetRef, member: string, entry: { score: number; tick: number } | null): Promise<void> {
    const key = LeaderboardKeys.of(set);
    let b = this.data.get(key);
    if (!b) this.data.set(key, (b = new Map()));
    if (entry) b.set(member, { ...entry });
    else b.delete(member);
  }

  async periods(tenantId: string, boardId: string): Promise<BoardPeriodRef[]> {
    const prefix = LeaderboardKeys.boardPrefix(tenantId, boardId);
    return [...this.data.keys()]
      .filter((k) => k.startsWith(prefix) && this.data.get(k)!.size > 0)
      .sort()
      .map((k) => LeaderboardKeys.parse(tenantId, boardId, k));
  }

  async drop(sets: RankedSetRef[]): Promise<void> {
    for (const s of sets) this.data.delete(LeaderboardKeys.of(s));
  }

  async markApplied(tenantId: string, awardKeys: string[]): Promise<void> {
    for (const k of awardKeys) this.guards.add(LeaderboardKeys.guard(tenantId, k));
  }

  async forget(tenantId: string, awardKeys: string[]): Promise<void> {
    for (const k of awardKeys) this.guards.delete(LeaderboardKeys.guard(tenantId, k));
  }

  async setExcluded(tenantId: string, members: string[], on: boolean): Promise<void> {
    let set = this.sets.get(tenantId);
    if (!set) this.sets.set(tenantId, (set = new Set()));
    for (const m of members) if (on) set.add(m);
    else set.delete(m);
  }

  async isHealthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
