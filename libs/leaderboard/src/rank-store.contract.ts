import type { RankStore } from './rank-store.port';

/** Behaviour every RankStore adapter must show (memory in unit tests, Redis in integration tests). */
export function rankStoreContract(name: string, make: () => Promise<RankStore>): void {
  describe(`RankStore contract: ${name}`, () => {
    let store: RankStore;
    let n = 0;
    const board = () => `ql:{contract}:lb:${name}-${Date.now()}-${n++}:all`;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    it('applies an award once per guard key, however often it is redelivered', async () => {
      const b = board();
      const guard = `${b}:guard:evt-1`;
      const results = await Promise.all(Array.from({ length: 10 }, () => store.incrementOnce([b], 'alice', 50, guard)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.rankOf(b, 'alice')).toEqual({ member: 'alice', score: 50, rank: 1 });
    });

    it('updates several boards atomically under one guard', async () => {
      const [b1, b2] = [board(), board()];
      expect(await store.incrementOnce([b1, b2], 'bob', 5, `${b1}:g`)).toBe(true);
      expect(await store.incrementOnce([b1, b2], 'bob', 5, `${b1}:g`)).toBe(false);
      expect((await store.rankOf(b1, 'bob'))?.score).toBe(5);
      expect((await store.rankOf(b2, 'bob'))?.score).toBe(5);
    });

    it('ranks by score descending with competition ranking for ties (1, 2, 2, 4)', async () => {
      const b = board();
      await store.incrementOnce([b], 'ann', 100, `${b}:1`);
      await store.incrementOnce([b], 'ben', 50, `${b}:2`);
      await store.incrementOnce([b], 'cat', 50, `${b}:3`);
      await store.incrementOnce([b], 'dan', 10, `${b}:4`);
      const top = await store.top(b, 0, 10);
      expect(top.map((r) => [r.rank, r.score])).toEqual([
        [1, 100],
        [2, 50],
        [2, 50],
        [4, 10],
      ]);
      expect(await store.size(b)).toBe(4);
      expect((await store.rankOf(b, 'dan'))?.rank).toBe(4);
      expect(await store.rankOf(b, 'nobody')).toBeNull();
      expect((await store.top(b, 1, 2)).map((r) => r.rank)).toEqual([2, 2]);
    });
  });
}
