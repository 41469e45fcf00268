import { boardRef, type BoardPeriodRef, type RankedSetRef, type RankStore } from '../domain/rank-store.port';

/** Behaviour every RankStore adapter must show (memory in unit tests, Redis in integration tests). */
export function rankStoreContract(name: string, make: () => Promise<RankStore>): void {
  describe(`RankStore contract: ${name}`, () => {
    let store: RankStore;
    let n = 0;
    // Each test its own tenant: its boards, award keys and exclusion set are its own.
    let tenant = '';
    const board = (): BoardPeriodRef => boardRef(tenant, `${name}-${n++}`, 'all');
    const id = (b: BoardPeriodRef) => `${b.boardId}:${b.period}`;
    const add = async (b: BoardPeriodRef, member: string, delta: number, tick = 0, awardKey = `g:${id(b)}:${member}:${n++}`) => (await store.applyOnce(tenant, [{ awardKey, member, updates: [{ set: b, delta, tick, dense: true }] }]))[0];
    beforeEach(async () => {
      store = await make();
      tenant = `contract-${name}-${Date.now()}-${n++}`;
    });
    afterEach(async () => {
      await store.close();
    });

    it('applies an award once per guard key, however often it is redelivered', async () => {
      const b = board();
      const guard = `${id(b)}:guard:evt-1`;
      const results = await Promise.all(Array.from({ length: 10 }, () => add(b, 'alice', 50, 0, guard)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.rankOf(b, 'alice')).toEqual({ member: 'alice', score: 50, rank: 1 });
    });

    it('forgets the guards of the award keys given (an erased user\'s), and no others', async () => {
      const b = board();
      const [mine, theirs] = [`${id(b)}:erase:mine`, `${id(b)}:erase:theirs`];
      await add(b, 'carl', 5, 0, mine);
      await add(b, 'dora', 5, 0, theirs);
      await store.forget(tenant, [mine, `${id(b)}:never-applied`]);
      expect(await add(b, 'carl', 5, 1, mine)).toBe(true);
      expect(await add(b, 'dora', 5, 1, theirs)).toBe(false);
    });

    it('updates several boards atomically under one guard', async () => {
      const [b1, b2] = [board(), board()];
      const both = [{ set: b1, delta: 5, tick: 1 }, { set: b2, delta: 5, tick: 7 }];
      expect(await store.applyOnce(tenant, [{ awardKey: `${id(b1)}:g`, member: 'bob', updates: both }])).toEqual([true]);
      expect(await store.applyOnce(tenant, [{ awardKey: `${id(b1)}:g`, member: 'bob', updates: both }, { awardKey: `${id(b1)}:h`, member: 'bob', updates: both }])).toEqual([false, true]);
      expect((await store.rankOf(b1, 'bob'))?.score).toBe(10);
      expect((await store.rankOf(b2, 'bob'))?.score).toBe(10);
    });

    it('competition ranking (1, 2, 2, 4) and dense ranking (1, 2, 2, 3); ties listed by who reached the score first', async () => {
      const b = board();
      await add(b, 'ann', 100, 5);
      await add(b, 'cat', 50, 9); // reached 50 at tick 9
      await add(b, 'ben', 20, 2);
      await add(b, 'ben', 30, 4); // reached 50 at tick 4: before cat
      await add(b, 'dan', 10, 1);
      const top = await store.top(b, 0, 10);
      expect(top.map((r) => [r.member, r.rank, r.score])).toEqual([
        ['ann', 1, 100],
        ['ben', 2, 50],
        ['cat', 2, 50],
        ['dan', 4, 10],
      ]);
      expect((await store.top(b, 0, 10, 'dense')).map((r) => r.rank)).toEqual([1, 2, 2, 3]);
      expect(await store.size(b)).toBe(4);
      expect((await store.rankOf(b, 'dan'))?.rank).toBe(4);
      expect((await store.rankOf(b, 'dan', 'dense'))?.rank).toBe(3);
      expect(await store.rankOf(b, 'nobody')).toBeNull();
      expect((await store.top(b, 1, 2)).map((r) => r.rank)).toEqual([2, 2]);
    });

    it('a member brought back to 0 (a reversal, a correction) leaves the board, dense ranks included; a later award puts it back', async () => {
      const b = board();
      await add(b, 'ann', 30, 1);
      await add(b, 'bob', 10, 2);
      await add(b, 'cat', 10, 3);
      await add(b, 'bob', -10, 4);
      expect(await store.rankOf(b, 'bob')).toBeNull();
      expect(await store.top(b, 0, 10, 'dense')).toEqual([
        { member: 'ann', score: 30, rank: 1 },
        { member: 'cat', score: 10, rank: 2 },
      ]);
      expect(await store.scores(b)).toEqual(new Map([['ann', 30], ['cat', 10]]));
      // Below 0 stays listed (a penalty on a board that keeps them); back above it, a place again.
      await add(b, 'cat', -15, 5);
      expect(await store.rankOf(b, 'cat')).toEqual({ member: 'cat', score: -5, rank: 2 });
      await add(b, 'bob', 20, 6);
      expect(await store.top(b, 0, 10, 'dense')).toEqual([
        { member: 'ann', score: 30, rank: 1 },
        { member: 'bob', score: 20, rank: 2 },
        { member: 'cat', score: -5, rank: 3 },
      ]);
    });

    it('a league cohort keeps a seated member whose score comes back to 0 (its standings rank every seat)', async () => {
      const cohort: RankedSetRef = { kind: 'cohort', tenantId: tenant, leagueId: `l-${n++}`, week: 'w2026-11-30', tier: 'bronze', cohort: 1 };
      const update = (member: string, delta: number, tick: number) => store.applyOnce(tenant, [{ awardKey: `${cohort.leagueId}:${member}:${tick}`, member, updates: [{ set: cohort, delta, tick }] }]);
      await update('ann', 10, 1);
      await update('bob', 10, 2);
      await update('bob', -10, 3);
      expect(await store.top(cohort, 0, 10)).toEqual([
        { member: 'ann', score: 10, rank: 1 },
        { member: 'bob', score: 0, rank: 2 },
      ]);
    });

    it('a later change re-dates the tie: the member who moved last reached its score last', async () => {
      const b = board();
      await add(b, 'x', 10, 1);
      await add(b, 'y', 10, 2);
      await add(b, 'x', 5, 3);
      await add(b, 'x', -5, 4); // back to 10, reached at tick 4: now after y
      expect((await store.top(b, 0, 2)).map((r) => r.member)).toEqual(['y', 'x']);
      expect((await store.top(b, 0, 2, 'dense')).map((r) => r.rank)).toEqual([1, 1]);
    });

    it('around-me: the member and its neighbours, with ranks', async () => {
      const b = board();
      for (let i = 0; i < 10; i++) await add(b, `u${i}`, (i + 1) * 10, 0);
      expect((await store.around(b, 'u5', 2)).map((r) => [r.member, r.rank])).toEqual([
        ['u7', 3],
        ['u6', 4],
        ['u5', 5],
        ['u4', 6],
        ['u3', 7],
      ]);
      expect((await store.around(b, 'u9', 1)).map((r) => r.member)).toEqual(['u9', 'u8']);
      expect(await store.around(b, 'nobody', 2)).toEqual([]);
    });

    it('replace swaps a whole board (rebuild), dense ranks included; scores lists it', async () => {
      const b = board();
      await add(b, 'stale', 999, 0);
      await store.replace(b, [
        { member: 'a', score: 30, tick: 2 },
        { member: 'b', score: 30, tick: 1 },
        { member: 'c', score: 10, tick: 0 },
      ]);
      expect((await store.top(b, 0, 10, 'dense')).map((r) => [r.member, r.rank])).toEqual([
        ['b', 1],
        ['a', 1],
        ['c', 2],
      ]);
      expect(await store.scores(b)).toEqual(new Map([['a', 30], ['b', 30], ['c', 10]]));
      await add(b, 'c', 25, 3); // updates after a rebuild keep the dense bookkeeping right
      expect((await store.rankOf(b, 'c', 'dense'))?.rank).toBe(1);
      await store.replace(b, []);
      expect(await store.size(b)).toBe(0);
    });

    it('an excluded member is kept off every board, its guard still consumed; setMember sets or removes one member and ranks follow', async () => {
      const b = board();
      await add(b, 'ann', 30, 1);
      await add(b, 'ben', 20, 2);
      await add(b, 'cy', 20, 3);
      await store.setExcluded(tenant, ['ann'], true);
      expect(await store.applyOnce(tenant, [{ awardKey: `${id(b)}:ann:x`, member: 'ann', updates: [{ set: b, delta: 5, tick: 4 }] }])).toEqual([true]);
      expect((await store.rankOf(b, 'ann'))?.score).toBe(30);
      await store.setMember(b, 'ann', null);
      expect((await store.top(b, 0, 10, 'dense')).map((r) => [r.member, r.rank])).toEqual([['ben', 1], ['cy', 1]]);
      await store.setExcluded(tenant, ['ann'], false);
      expect(await store.applyOnce(tenant, [{ awardKey: `${id(b)}:ann:x`, member: 'ann', updates: [{ set: b, delta: 5, tick: 4 }] }])).toEqual([false]);
      await store.setMember(b, 'ann', { score: 20, tick: 0 });
      expect((await store.top(b, 0, 10)).map((r) => [r.member, r.rank])).toEqual([['ann', 1], ['ben', 1], ['cy', 1]]);
      expect((await store.rankOf(b, 'ann', 'dense'))?.rank).toBe(1);
      await store.setMember(b, 'cy', { score: 5, tick: 0 });
      expect((await store.rankOf(b, 'cy', 'dense'))?.rank).toBe(2);
    });

    it("lists and drops a board's periods and scopes, without their bookkeeping keys", async () => {
      const boardId = `list-${name}-${n++}`;
      const scoped = boardRef(tenant, boardId, 'all', { dimension: 'team', value: 'a/b c' });
      await add(boardRef(tenant, boardId, 'all'), 'a', 1);
      await add(boardRef(tenant, boardId, 'd2026-01-01'), 'a', 1);
      await add(scoped, 'a', 1);
      expect(await store.periods(tenant, boardId)).toEqual([boardRef(tenant, boardId, 'all'), scoped, boardRef(tenant, boardId, 'd2026-01-01')]);
      await store.drop([boardRef(tenant, boardId, 'd2026-01-01'), scoped]);
      expect(await store.periods(tenant, boardId)).toEqual([boardRef(tenant, boardId, 'all')]);
      expect(await store.periods(`${tenant}-other`, boardId)).toEqual([]);
    });

    it('one call moves one tenant only: a set of another tenant is refused', async () => {
      await expect(store.applyOnce(tenant, [{ awardKey: 'k', member: 'm', updates: [{ set: boardRef(`${tenant}-other`, 'b', 'all'), delta: 1, tick: 0 }] }])).rejects.toThrow(/another|of tenant/);
    });
  });
}
