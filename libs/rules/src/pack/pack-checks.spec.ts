import { retentionErrors, type RegistryView } from './pack-checks';
import { parsePack } from './parse-pack';

/** A registry with three types kept 7 days, 2 years, and for ever. */
const registry: RegistryView = {
  namespace: () => ({}),
  dialect: () => ({}),
  types: () => ['chat.message.sent', 'answer.accepted', 'user.registered'],
  retentionDays: (_ns, type) => ({ 'chat.message.sent': 7, 'answer.accepted': 730 })[type],
};
const pack = (windows: string, on = 'chat.*', seasons = '') =>
  parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
rules:
  - { id: r1, on: "${on}", award: { currency: xp, amount: 1 } }
leaderboards:
  - { id: xp, name: XP, currency: xp, windows: [${windows}]${seasons} }
`);

describe('retention against the open periods of the boards a rule scores on (issue 21, bad input)', () => {
  it('refuses a type kept less than a period, naming the rule, the type, the board and the period', () => {
    expect(retentionErrors(pack('all-time, monthly'), registry)).toEqual([
      { pointer: '/rules/0/on', detail: expect.stringMatching(/"chat\.message\.sent" events are kept 7 days, shorter than the monthly period \(31 days\) of board "xp"/) },
    ]);
    expect(retentionErrors(pack('season', 'chat.message.sent', ', seasons: [{ id: s1, from: "2026-01-01", to: "2026-03-31" }]'), registry)[0]?.detail).toMatch(/season period \(90 days\)/);
  });

  it('accepts periods within retention, types kept for ever, and all-time boards (they read the ledger)', () => {
    expect(retentionErrors(pack('daily, weekly'), registry)).toEqual([]);
    expect(retentionErrors(pack('all-time'), registry)).toEqual([]);
    expect(retentionErrors(pack('monthly', 'answer.accepted'), registry)).toEqual([]);
    expect(retentionErrors(pack('monthly', 'user.*'), registry)).toEqual([]);
    expect(retentionErrors(pack('monthly'), { namespace: () => ({}), dialect: () => ({}) })).toEqual([]);
  });
});
