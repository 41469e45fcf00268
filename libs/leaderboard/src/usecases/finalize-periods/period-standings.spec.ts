import type { LeaderboardDef } from '@questline/rules';
import type { PeriodState, Standing } from '../../domain/board-state.repository';
import { PeriodStandings } from './period-standings';

describe('PeriodStandings.revise', () => {
  const state: PeriodState = { tenantId: 't', boardId: 'xp', scope: 'global', period: 'w2026-11-23', window: 'weekly', status: 'locked', members: 2, revision: 1, computedAt: '', publishedAt: null, lockedAt: null };
  const held: Standing[] = [
    { userId: 'ann', position: 1, rank: 1, score: 10, reachedAt: 1 },
    { userId: 'ben', position: 2, rank: 2, score: 5, reachedAt: 2 },
  ];
  const ref = { tenantId: 't', def: { id: 'xp', currency: 'xp' } as LeaderboardDef, window: 'weekly', period: 'w2026-11-23', from: 0, to: 1 };

  it('refuses to empty a ranked period (a calendar that moved, not a correction), and stores nothing', async () => {
    let saved = 0;
    const standings = new PeriodStandings(
      { get: () => undefined } as never,
      { boardTotals: async () => [], hasEntries: async () => false } as never,
      { page: async (_t: string, _b: string, _s: string, _p: string, offset: number) => (offset === 0 ? held : []), save: async () => (saved++, true) } as never,
      { drop: async () => undefined } as never,
      { publish: async () => undefined } as never,
    );
    await expect(standings.revise(ref, state)).rejects.toMatchObject({ code: 'period_range_changed' });
    expect(saved).toBe(0);
  });

  it('empties a ranked period whose entries are still in its range and now sum to 0 (a reversal): a correction, stored as the next revision', async () => {
    let saved: { members: number } | undefined;
    const standings = new PeriodStandings(
      { get: () => undefined } as never,
      { boardTotals: async () => [{ userId: 'ann', score: 0, lastAt: 1 }, { userId: 'ben', score: 0, lastAt: 2 }], hasEntries: async () => true } as never,
      { page: async (_t: string, _b: string, _s: string, _p: string, offset: number) => (offset === 0 ? held : []), save: async (row: { members: number }) => ((saved = row), true) } as never,
      { drop: async () => undefined } as never,
      { publish: async () => undefined } as never,
    );
    expect(await standings.revise(ref, state)).toMatchObject({ changed: true, revision: 2, members: 0 });
    expect(saved).toMatchObject({ members: 0, status: 'locked' });
  });
});
