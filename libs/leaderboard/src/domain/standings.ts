import type { TiePolicy } from './rank-store.port';
import type { Standing } from './board-state.repository';

/**
 * Final standings from ledger totals: score descending, then who reached it first, then user id;
 * competition (1, 2, 2, 4) or dense (1, 2, 2, 3) ranks — the same order and ranks the live board shows.
 * Members at zero are left out, unless `keepZero` (a league cohort ranks all its members).
 */
export function standingsOf(totals: { userId: string; score: number; lastAt: number }[], ties: TiePolicy, keepZero = false): Standing[] {
  const sorted = totals.filter((t) => keepZero || t.score !== 0).sort((a, b) => b.score - a.score || a.lastAt - b.lastAt || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  let rank = 0;
  let distinct = 0;
  return sorted.map((t, i) => {
    if (i === 0 || t.score !== sorted[i - 1]!.score) {
      distinct++;
      rank = i + 1;
    }
    return { userId: t.userId, position: i + 1, rank: ties === 'dense' ? distinct : rank, score: t.score, reachedAt: t.lastAt };
  });
}
