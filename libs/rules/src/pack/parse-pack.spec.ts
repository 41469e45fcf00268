import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidPackError, parsePack } from './parse-pack';

const base = `
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
rules:
  - id: r1
    on: a.b
    award: { currency: xp, amount: 1 }
`;

/** The refusal's errors; `withLines` keeps each error's line in the pack text. */
function errorsOf(text: string, withLines = false) {
  try {
    parsePack(text, 'test.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidPackError);
    return (err as InvalidPackError).errors.map(({ line, ...e }) => (withLines ? { ...e, line } : e));
  }
  throw new Error('expected the pack to be refused');
}

describe('parsePack', () => {
  it('accepts the demo pack shipped in packs/tektree', () => {
    const pack = parsePack(readFileSync(join(__dirname, '../../../../packs/tektree/pack.yaml'), 'utf8'));
    expect(pack.tenant).toBe('tektree');
    expect(pack.rules.find((r) => r.id === 'answer-accepted')!.award).toEqual({ currency: 'xp', amount: 50, to: 'payload.answer_author_id' });
    expect(pack.rules).toHaveLength(11); // seed 001's XP table
  });

  it('a metric achievement reads a metric the pack keeps, unlocking on a milestone at its threshold', () => {
    const metrics = `
metrics:
  - { id: checkins, name: Check-ins, kind: count, on: a.b, per: week, milestones: [{ at: 5 }] }
`;
    const pack = parsePack(`${base}${metrics}achievements:
  - { id: twenty, name: Twenty, when: { metric: checkins, atLeast: 20 } }
  - { id: five, name: Five, when: { metric: checkins, atLeast: 5 } }
`);
    expect(pack.metrics[0]!.milestones.map((m) => m.at).sort((a, b) => a - b)).toEqual([5, 20]);
    expect(errorsOf(`${base}${metrics}achievements:
  - { id: x, name: X, when: { metric: nope, atLeast: 2 } }
`)).toEqual([
      expect.objectContaining({ pointer: '/achievements/0/when/metric', detail: 'no metric "nope" in the pack' }),
    ]);
  });

  it('checks notification templates as ICU messages and their kinds and locales', () => {
    const ok = `notifications:\n  templates:\n    points.awarded: { en: "{count, plural, one {+{amount}} other {+{total} (#)}}", vi: "Bạn nhận được {amount}" }\n  batch:\n    points.awarded: { windowSeconds: 60 }\n`;
    expect(parsePack(`${base}${ok}`).notifications.batch).toEqual({ 'points.awarded': { windowSeconds: 60 } });
    const broken = `notifications:\n  templates:\n    points.awarded: { en: "{count, plural, one {+{amount}}" }\n`;
    expect(errorsOf(`${base}${broken}`)).toEqual([{ pointer: '/notifications/templates/points.awarded/en', detail: expect.stringContaining('not a valid ICU message') }]);
    expect(errorsOf(`${base}notifications: { batch: { points.stolen: { windowSeconds: 60 } } }\n`).length).toBeGreaterThan(0);
  });

  it('refuses cap windows that contradict each other (a day above its week or month)', () => {
    const caps = `caps: [{ id: c, currency: xp, rules: [r1], perDay: 100, perWeek: 50 }]\n`;
    expect(errorsOf(`${base}${caps}`)).toEqual([{ pointer: '/caps/0/perDay', detail: 'perDay 100 is above perWeek 50: it could never be reached' }]);
    expect(errorsOf(base.replace('award: { currency: xp, amount: 1 }', 'award: { currency: xp, amount: 1 }\n    limits: { amountPerWeek: 500, amountPerMonth: 100 }'))).toEqual([
      { pointer: '/rules/0/limits/amountPerWeek', detail: 'amountPerWeek 500 is above amountPerMonth 100: it could never be reached' },
    ]);
  });

  it('refuses a penalty rule in a cap (caps never count penalties: it could only mislead)', () => {
    const penalty = base.replace('award: { currency: xp, amount: 1 }', 'award: { currency: xp, amount: -2 }');
    expect(errorsOf(`${penalty}caps: [{ id: c, currency: xp, rules: [r1], perDay: 100 }]\n`)).toEqual([
      { pointer: '/caps/0/rules/0', detail: 'rule "r1" is a penalty (-2): caps count positive awards only and never limit a penalty; leave it out' },
    ]);
  });

  it('tiers become achievements of their own with the criterion at each threshold; they must rise and need a threshold', () => {
    const metrics = 'metrics:\n  - { id: fans, name: Fans, kind: count, on: a.b }\n';
    const tiered = parsePack(`${base}${metrics}achievements:\n  - { id: fan, name: Fan, class: bronze, when: { metric: fans, atLeast: 10 }, tiers: [{ id: silver, atLeast: 100 }, { id: gold, name: Superstar, class: gold, atLeast: 1000 }] }\n`);
    // A tier's class is its own, else the achievement's.
    expect(tiered.achievements.map((a) => [a.id, a.name, a.when, a.class])).toEqual([
      ['fan', 'Fan', { metric: 'fans', atLeast: 10 }, 'bronze'],
      ['fan.silver', 'Fan (silver)', { metric: 'fans', atLeast: 100 }, 'bronze'],
      ['fan.gold', 'Superstar', { metric: 'fans', atLeast: 1000 }, 'gold'],
    ]);
    expect(tiered.metrics[0]!.milestones.map((m) => m.at).sort((a, b) => a - b)).toEqual([10, 100, 1000]);
    expect(errorsOf(`${base}${metrics}achievements:\n  - { id: fan, name: Fan, when: { metric: fans, atLeast: 10 }, tiers: [{ id: silver, atLeast: 5 }] }\n`)).toEqual([
      { pointer: '/achievements/0/tiers/0/atLeast', detail: 'tiers must rise: 5 is not above 10' },
    ]);
    const quests = 'quests:\n  - { id: q, name: Q, steps: [{ id: s, on: a.b, target: 1 }] }\n';
    expect(errorsOf(`${base}${quests}achievements:\n  - { id: done, name: Done, when: { quest: q }, tiers: [{ id: silver, atLeast: 5 }] }\n`)).toEqual([
      { pointer: '/achievements/0/tiers', detail: 'tiers need a threshold: a balance, metric, streak or level criterion' },
    ]);
    expect(errorsOf(`${base}achievements:\n  - { id: a, name: A, when: { currency: xp, lifetimeAtLeast: 1 }, tiers: [{ id: b, atLeast: 5 }] }\n  - { id: a.b, name: AB, when: { currency: xp, lifetimeAtLeast: 9 } }\n`)).toEqual([
      { pointer: '/achievements/0/tiers/0/id', detail: '"a.b" is already an achievement id' },
    ]);
  });

  it('refuses prerequisites that name no achievement, or that go round in a cycle', () => {
    const a = (rest: string) => `${base}achievements:\n${rest}`;
    expect(errorsOf(a('  - { id: x, name: X, when: { currency: xp, lifetimeAtLeast: 1 }, requires: [nope] }\n'))).toEqual([{ pointer: '/achievements/0/requires/0', detail: 'no achievement "nope" in the pack' }]);
    expect(errorsOf(a('  - { id: x, name: X, when: { currency: xp, lifetimeAtLeast: 1 }, requires: [y] }\n  - { id: y, name: Y, when: { currency: xp, lifetimeAtLeast: 1 }, requires: [x] }\n'))).toEqual([
      { pointer: '/achievements', detail: 'prerequisites in a cycle: x → y → x' },
    ]);
  });

  it('fills defaults (rule version 1, recipient = subject)', () => {
    const pack = parsePack(base);
    expect(pack.rules[0]).toMatchObject({ version: 1, award: { to: 'subject' } });
    expect(pack.leaderboards).toEqual([]);
  });

  it('refuses a YAML syntax error with its line', () => {
    expect(errorsOf(`${base}\n  - id: [unclosed`)[0]!.detail).toMatch(/^line \d+:/);
  });

  it('refuses an unknown currency with the JSON pointer of the field and its line', () => {
    expect(errorsOf(base.replace('currency: xp, amount: 1', 'currency: gold, amount: 1'), true)).toContainEqual({
      pointer: '/rules/0/award/currency',
      detail: 'unknown currency "gold"',
      line: 10,
    });
    // A schema error names the line too; a missing field, its parent's.
    expect(errorsOf(base.replace('    on: a.b\n', ''), true)).toContainEqual(expect.objectContaining({ pointer: '/rules/0', line: 8 }));
  });

  it('refuses unknown fields, duplicate ids, a non-JSONLogic condition and a bad time zone', () => {
    expect(errorsOf(`${base}\nbogus: 1`)[0]).toMatchObject({ pointer: '/bogus', detail: expect.stringMatching(/^unknown field "bogus" \(allowed here: .*rules/) });
    expect(errorsOf(`${base}  - id: r1\n    on: a.c\n    award: { currency: xp, amount: 2 }\n`)).toContainEqual({ pointer: '/rules/1/id', detail: 'duplicate id "r1"' });
    // The corrections' rule ids are not a pack's (a rule named `reversal` would be taken for one).
    expect(errorsOf(`${base}  - id: reversal\n    on: a.c\n    award: { currency: xp, amount: -2 }\n`)).toContainEqual({ pointer: '/rules/1/id', detail: '"reversal" is reserved for reversals\' corrections' });
    expect(errorsOf(`${base}  - id: rescore\n    on: a.c\n    award: { currency: xp, amount: 2 }\n`)).toContainEqual({ pointer: '/rules/1/id', detail: '"rescore" is reserved for re-scoring\' corrections' });
    expect(errorsOf(base.replace('on: a.b', 'on: a.b\n    if: { nope: [1] }'))).toContainEqual({ pointer: '/rules/0/if', detail: 'not a JSONLogic expression (or it uses an unknown operation)' });
    expect(errorsOf(`${base}\ntimezone: Mars/Olympus`)).toContainEqual({ pointer: '/timezone', detail: 'unknown IANA time zone "Mars/Olympus"' });
  });
});

describe('schema errors an author can act on', () => {
  it('names an unknown field where it is, with the fields allowed there', () => {
    expect(errorsOf(base.replace('award: { currency: xp, amount: 1 }', 'award: { currency: xp, amount: 1, too: subject }'), true)).toEqual([
      { pointer: '/rules/0/award/too', detail: expect.stringMatching(/^unknown field "too" \(allowed here: .*\bto\b/), line: 10 },
    ]);
  });

  it('keeps only the closest form of a value that may take several (a typo in a criterion: two errors, not thirty)', () => {
    const withBadge = `${base}achievements:\n  - id: b\n    name: B\n    when: { currency: xp, lifetimeAtleast: 5 }\n`;
    expect(errorsOf(withBadge)).toEqual([
      { pointer: '/achievements/0/when', detail: 'missing the required field "lifetimeAtLeast"' },
      { pointer: '/achievements/0/when/lifetimeAtleast', detail: expect.stringContaining('unknown field "lifetimeAtleast"') },
    ]);
  });

  it('lists the values an enum allows', () => {
    const board = `${base}leaderboards: [{ id: xp, name: XP, currency: xp, windows: [dayly] }]\n`;
    expect(errorsOf(board)).toContainEqual({ pointer: '/leaderboards/0/windows/0', detail: expect.stringMatching(/^must be one of: .*"daily"/) });
  });
});

describe('hostile packs', () => {
  it('says a document nested thousands of levels deep is nested too deep (not the parser\'s stack overflow)', () => {
    const errors = errorsOf(`tenant: a\nrules: ${'['.repeat(50_000)}`);
    expect(errors[0]).toEqual({ pointer: '', detail: 'line 2: nested too deep' });
    expect(JSON.stringify(errors)).not.toContain('call stack');
  });

  it('refuses an expression that divides by a constant zero, or a constant that overflows', () => {
    const withAmount = (expr: string) => base.replace('amount: 1 }', `amount: { expr: ${expr} } }`);
    expect(errorsOf(withAmount('{ "/": [1, 0] }'))).toEqual([{ pointer: '/rules/0/award/amount/expr', detail: expect.stringContaining('divides by zero') }]);
    expect(errorsOf(withAmount('{ "%": [{ var: payload.n }, { "-": [2, 2] }] }'))).toEqual([{ pointer: '/rules/0/award/amount/expr', detail: expect.stringContaining('divides by zero') }]);
    expect(errorsOf(withAmount('{ "*": [1e308, 10] }'))).toEqual([{ pointer: '/rules/0/award/amount/expr', detail: expect.stringContaining('not a finite number') }]);
    expect(() => parsePack(withAmount('{ "/": [{ var: payload.n }, { var: payload.d }] }'))).not.toThrow(); // can't be told: refused per event
  });

  it('refuses a YAML alias bomb and oversized packs as invalid packs (422), never a crash', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]},*${'abcdefghi'[i]}]`)].join('\n');
    expect(() => parsePack(bomb)).toThrow(InvalidPackError);
    expect(() => parsePack('x'.repeat(1_000_001))).toThrow(InvalidPackError);
  });

  it('refuses a computed amount range whose min is above its max', () => {
    expect(errorsOf(base.replace('amount: 1 }', 'amount: { expr: { var: payload.n } }, min: 10, max: 5 }'))).toEqual([{ pointer: '/rules/0/award/min', detail: 'min 10 is above max 5' }]);
  });
});

describe('level curves', () => {
  const base = `tenant: demo\nversion: 1\nname: Demo\nschemaNamespace: demo\ncurrencies: [{ id: xp }]\nrules: []\n`;
  it('expands a formula into thresholds (level 1 at 0, then 100 × (level − 1)²)', () => {
    const pack = parsePack(`${base}levels: { currency: xp, formula: { expr: { "*": [100, { "-": [{ var: level }, 1] }, { "-": [{ var: level }, 1] }] }, maxLevel: 5 } }\n`);
    expect(pack.levels!.thresholds).toEqual([0, 100, 400, 900, 1600]);
  });
  it('refuses a formula that is not ascending, or both a table and a formula', () => {
    expect(() => parsePack(`${base}levels: { currency: xp, formula: { expr: 5, maxLevel: 3 } }\n`)).toThrow('/levels/thresholds must be strictly ascending');
    expect(() => parsePack(`${base}levels: { currency: xp, thresholds: [0, 10], formula: { expr: 5, maxLevel: 3 } }\n`)).toThrow(/\/levels/);
  });
});
