import { standingsOf } from './standings';

describe('standingsOf', () => {
  const totals = [
    { userId: 'dan', score: 10, lastAt: 1 },
    { userId: 'cat', score: 50, lastAt: 9 },
    { userId: 'ann', score: 100, lastAt: 5 },
    { userId: 'ben', score: 50, lastAt: 4 },
    { userId: 'zed', score: 0, lastAt: 3 },
  ];

  it('orders by score, then by who reached it first; competition ranks 1, 2, 2, 4; members with nothing are left out', () => {
    expect(standingsOf(totals, 'competition').map((s) => [s.userId, s.position, s.rank])).toEqual([
      ['ann', 1, 1],
      ['ben', 2, 2],
      ['cat', 3, 2],
      ['dan', 4, 4],
    ]);
  });

  it('dense ranks 1, 2, 2, 3', () => {
    expect(standingsOf(totals, 'dense').map((s) => s.rank)).toEqual([1, 2, 2, 3]);
  });
});
