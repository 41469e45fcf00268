import { parsePack, type PackCatalog } from '@questline/rules';
import { BoardLocator } from './board-locator';

describe('BoardLocator: the window when none is asked for', () => {
  const pack = parsePack(`
tenant: t
version: 1
name: T
schemaNamespace: t
currencies: [{ id: xp }]
rules: []
leaderboards:
  - { id: xp, name: XP, currency: xp, windows: [all-time, weekly] }
  - { id: week, name: Week, currency: xp, windows: [weekly, monthly] }
`);
  const packs: PackCatalog = { get: (t) => (t === 't' ? pack : undefined), tenants: () => ['t'] };
  const locator = new BoardLocator(packs, {} as never, {} as never);

  it('is all-time where the board keeps it, else the first window the board declares (a weekly-only board was a 404)', () => {
    expect(locator.locate('t', 'xp', undefined).window).toBe('all-time');
    expect(locator.locate('t', 'week', undefined).window).toBe('weekly');
    expect(() => locator.locate('t', 'week', 'all-time')).toThrow(/keeps weekly, monthly, not "all-time"/);
  });
});
