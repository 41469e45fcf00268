import { renderTitle } from './templates';

describe('notification templates and mutes', () => {
  const settings = {
    defaultLocale: 'en',
    templates: {
      'points.awarded': {
        en: '{count, plural, one {+{amount} {currency}} other {+{total} {currency} from # awards}}',
        vi: '{count, plural, other {Bạn nhận được {total} {currency} (# lần)}}',
      },
      'achievement.unlocked': { vi: 'Mở khóa thành tựu: {name}' },
    },
  };

  it('renders in the user locale, falls back to its language, then to the default, then to any', () => {
    expect(renderTitle(settings, 'points.awarded', null, { amount: 50, currency: 'xp', count: 1, total: 50 })).toBe('+50 xp');
    expect(renderTitle(settings, 'points.awarded', 'en', { amount: 50, currency: 'xp', count: 5, total: 250 })).toBe('+250 xp from 5 awards');
    expect(renderTitle(settings, 'points.awarded', 'vi-VN', { amount: 10, currency: 'xp', count: 3, total: 30 })).toBe('Bạn nhận được 30 xp (3 lần)');
    expect(renderTitle(settings, 'points.awarded', 'fr', { amount: 50, currency: 'xp', count: 1, total: 50 })).toBe('+50 xp');
    expect(renderTitle(settings, 'achievement.unlocked', 'en', { name: 'First XP' })).toBe('Mở khóa thành tựu: First XP');
  });

  it('writes a signed amount as the docs say: a gain with +, a penalty with - (not "+-2")', () => {
    const signed = { templates: { 'points.awarded': { en: '{amount, number, ::sign-always} reputation' } } };
    expect(renderTitle(signed, 'points.awarded', 'en', { amount: 10 })).toBe('+10 reputation');
    expect(renderTitle(signed, 'points.awarded', 'en', { amount: -2 })).toBe('-2 reputation');
  });

  it('tells a level reached from a badge in one achievement.unlocked template (category select)', () => {
    const t = { templates: { 'achievement.unlocked': { en: '{category, select, level {Level {level} reached} other {Badge unlocked: {name}}}' } } };
    expect(renderTitle(t, 'achievement.unlocked', 'en', { name: 'Level 5', category: 'level', level: 5 })).toBe('Level 5 reached');
    expect(renderTitle(t, 'achievement.unlocked', 'en', { name: 'First lesson', category: 'achievement', level: null })).toBe('Badge unlocked: First lesson');
  });

  it('leaves the built-in title when the pack has no template, or the values do not fit it', () => {
    expect(renderTitle(settings, 'streak.started', 'en', {})).toBeUndefined();
    expect(renderTitle(undefined, 'points.awarded', 'en', {})).toBeUndefined();
    expect(renderTitle(settings, 'points.awarded', 'en', { currency: 'xp' })).toBeUndefined(); // count missing
  });
});
