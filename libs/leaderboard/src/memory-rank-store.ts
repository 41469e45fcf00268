import type { RankedMember, RankStore } from './rank-store.port';

/**
 * In-memory sorted sets for the standalone mode. Same ordering as Redis ZREVRANGE: score
 * descending, ties by member descending (lexicographic), competition ranks.
 */
export class MemoryRankStore implements RankStore {
  private readonly boards = new Map<string, Map<string, number>>();
  private readonly guards = new Set<string>();

  async incrementOnce(boards: string[], member: string, delta: number, guardKey: string): Promise<boolean> {
    if (this.guards.has(guardKey)) return false;
    this.guards.add(guardKey);
    for (const key of boards) {
      let board = this.boards.get(key);
      if (!board) this.boards.set(key, (board = new Map()));
      board.set(member, (board.get(member) ?? 0) + delta);
    }
    return true;
  }

  private sorted(board: string): [string, number][] {
    const entries = [...(this.boards.get(board) ?? new Map<string, number>()).entries()];
    return entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
  }

  async top(board: string, offset: number, limit: number): Promise<RankedMember[]> {
    const all = this.sorted(board);
    return all.slice(offset, offset + limit).map(([member, score]) => ({
      member,
      score,
      rank: all.filter(([, s]) => s > score).length + 1,
    }));
  }

  async rankOf(board: string, member: string): Promise<RankedMember | null> {
    const score = this.boards.get(board)?.get(member);
    if (score === undefined) return null;
    return { member, score, rank: this.sorted(board).filter(([, s]) => s > score).length + 1 };
  }

  async size(board: string): Promise<number> {
    return this.boards.get(board)?.size ?? 0;
  }

  async isHealthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
