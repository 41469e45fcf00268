import { kindMatches } from './notifications';

describe('kindMatches (mutes and webhook endpoint kinds)', () => {
  it('takes in a kind, its family, or everything', () => {
    expect(kindMatches(['streak.*'], 'streak.broken')).toBe(true);
    expect(kindMatches(['streak.*'], 'points.awarded')).toBe(false);
    expect(kindMatches(['points.awarded'], 'points.awarded')).toBe(true);
    expect(kindMatches(['*'], 'quest.completed')).toBe(true);
    expect(kindMatches([], 'quest.completed')).toBe(false);
  });

  it('reads a family as a prefix up to its dot, not as a pattern', () => {
    expect(kindMatches(['streak.*'], 'streak')).toBe(false);
    expect(kindMatches(['streak.*'], 'streaks.broken')).toBe(false);
    expect(kindMatches(['leaderboard.*'], 'leaderboard.rank.published')).toBe(true);
    expect(kindMatches(['points.award'], 'points.awarded')).toBe(false);
    expect(kindMatches(['points.*.x'], 'points.a.x')).toBe(false);
  });
});
