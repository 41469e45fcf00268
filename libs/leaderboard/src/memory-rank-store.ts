import type { GuardedAward, RankedMember, RankStore, TiePolicy } from './rank-store.port';

interface Entry {
  score: number;
  tick: number;
}

/** In-memory sorted sets for the standalone mode, with the Redis adapter's ordering and ranks. */
export class MemoryRankStore implements RankStore {
  private readonly data = new Map<string, Map<string, Entry>>();
  private readonly guards = new Set<string>();

  private readonly sets = new Map<string, Set<string>>();

  async applyOnce(awards: GuardedAward[], excluded: string): Promise<boolean[]> {
    return awards.map((a) => {
      if (this.guards.has(a.guard)) return false;
      this.guards.add(a.guard);
      if (this.sets.get(excluded)?.has(a.member)) return true;
      for (const u of a.updates) {
        let board = this.data.get(u.board);
        if (!board) this.data.set(u.board, (board = new Map()));
        const old = board.get(a.member);
        board.set(a.member, { score: (old?.score ?? 0) + u.delta, tick: Math.max(old?.tick ?? -1, u.tick) });
      }
      return true;
    });
  }

  /** Score descending, then earliest tick, then member (as Redis orders equal stored scores: member descending). */
  private sorted(board: string): [string, Entry][] {
    return [...(this.data.get(board) ?? new Map<string, Entry>()).entries()].sort(
      (a, b) => b[1].score - a[1].score || a[1].tick - b[1].tick || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0),
    );
  }

  private rank(all: [string, Entry][], score: number, ties: TiePolicy): number {
    return ties === 'dense' ? new Set(all.filter(([, e]) => e.score > score).map(([, e]) => e.score)).size + 1 : all.filter(([, e]) => e.score > score).length + 1;
  }

  async top(board: string, offset: number, limit: number, ties: TiePolicy = 'competition'): Promise<RankedMember[]> {
    const all = this.sorted(board);
    return all.slice(offset, offset + limit).map(([member, e]) => ({ member, score: e.score, rank: this.rank(all, e.score, ties) }));
  }

  async rankOf(board: string, member: string, ties: TiePolicy = 'competition'): Promise<RankedMember | null> {
    const e = this.data.get(board)?.get(member);
    return e ? { member, score: e.score, rank: this.rank(this.sorted(board), e.score, ties) } : null;
  }

  async around(board: string, member: string, n: number, ties: TiePolicy = 'competition'): Promise<RankedMember[]> {
    const all = this.sorted(board);
    const i = all.findIndex(([m]) => m === member);
    if (i < 0) return [];
    const from = Math.max(0, i - n);
    return this.top(board, from, i + n + 1 - from, ties);
  }

  async size(board: string): Promise<number> {
    return this.data.get(board)?.size ?? 0;
  }

  async scores(board: string): Promise<Map<string, number>> {
    return new Map([...(this.data.get(board) ?? new Map<string, Entry>()).entries()].map(([m, e]) => [m, e.score]));
  }

  async replace(board: string, members: { member: string; score: number; tick: number }[]): Promise<void> {
    this.data.set(board, new Map(members.map((m) => [m.member, { score: m.score, tick: m.tick }])));
  }

  async setMember(board: string, member: string, entry: { score: number; tick: number } | null): Promise<void> {
    let b = this.data.get(board);
    if (!b) this.data.set(board, (b = new Map()));
    if (entry) b.set(member, { ...entry });
    else b.delete(member);
  }

  async boards(prefix: string): Promise<string[]> {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix) && this.data.get(k)!.size > 0).sort();
  }

  async drop(boards: string[]): Promise<void> {
    for (const b of boards) this.data.delete(b);
  }

  async markApplied(guards: string[]): Promise<void> {
    for (const g of guards) this.guards.add(g);
  }

  async setExcluded(excluded: string, members: string[], on: boolean): Promise<void> {
    let set = this.sets.get(excluded);
    if (!set) this.sets.set(excluded, (set = new Set()));
    for (const m of members) if (on) set.add(m);
    else set.delete(m);
  }

  async isHealthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
