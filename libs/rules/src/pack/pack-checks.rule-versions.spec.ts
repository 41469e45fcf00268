import { ruleVersionReuse } from './pack-checks';
import { parsePack } from './parse-pack';

const pack = (version: number, rules: string) =>
  parsePack(`
tenant: habits-co
version: ${version}
name: Habits
schemaNamespace: habits
currencies: [{ id: xp }]
rules:
${rules}`);

const v1 = pack(1, `  - { id: created, on: habit.created, award: { currency: xp, amount: 5 } }
  - { id: done, version: 2, on: habit.done, award: { currency: xp, amount: 1 }, description: Done }`);

describe('a rule id and version name one definition (each ledger entry records the rule version that paid it)', () => {
  it('refuses a rule that pays differently under a stored id and version, at its version, naming what changed and the version to use', () => {
    const changed = pack(2, `  - { id: created, on: habit.created, award: { currency: xp, amount: 7 } }
  - { id: done, version: 2, on: habit.done, award: { currency: xp, amount: 1 }, limits: { perDay: 3 } }`);
    expect(ruleVersionReuse(changed, [{ version: 1, pack: v1 }])).toEqual([
      { pointer: '/rules/0/version', detail: expect.stringMatching(/^rule "created" version 1 is already defined otherwise \(pack version 1; changed: award\).*needs a new version \(2\)$/) },
      { pointer: '/rules/1/version', detail: expect.stringMatching(/^rule "done" version 2 is already defined otherwise \(pack version 1; changed: limits\).*needs a new version \(3\)$/) },
    ]);
  });

  it('passes a new version, a new rule, an unchanged rule, and a changed description', () => {
    const next = pack(2, `  - { id: created, version: 2, on: habit.created, award: { currency: xp, amount: 7 } }
  - { id: done, version: 2, on: habit.done, award: { currency: xp, amount: 1 }, description: "Done, and counted" }
  - { id: archived, on: habit.archived, award: { currency: xp, amount: 2 } }`);
    expect(ruleVersionReuse(next, [{ version: 1, pack: v1 }])).toEqual([]);
    // Written in another style (block YAML, defaults spelled out), the same definition is the same.
    const spelled = pack(2, `  - id: created
    version: 1
    on: habit.created
    award:
      currency: xp
      amount: 5
      to: subject`);
    expect(ruleVersionReuse(spelled, [{ version: 1, pack: v1 }])).toEqual([]);
  });

  it('a rule version (and a pack version) past 10^9 is refused at parse: ledger and decision columns hold 32-bit integers', () => {
    expect(() => pack(1, `  - { id: huge, version: 3000000000, on: habit.created, award: { currency: xp, amount: 1 } }`)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ pointer: '/rules/0/version' })] }));
    expect(() => pack(3000000000, `  - { id: fine, on: habit.created, award: { currency: xp, amount: 1 } }`)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ pointer: '/version' })] }));
  });

  it('a definition matching any stored one passes (versions stored before the check may define an id and version two ways)', () => {
    const legacy = pack(2, `  - { id: created, on: habit.created, award: { currency: xp, amount: 9 } }`);
    const again = pack(3, `  - { id: created, on: habit.created, award: { currency: xp, amount: 9 } }`);
    expect(ruleVersionReuse(again, [{ version: 1, pack: v1 }, { version: 2, pack: legacy }])).toEqual([]);
    const third = pack(3, `  - { id: created, on: habit.created, award: { currency: xp, amount: 11 } }`);
    expect(ruleVersionReuse(third, [{ version: 1, pack: v1 }, { version: 2, pack: legacy }])[0]!.detail).toMatch(/\(pack version 2; changed: award\)/);
  });
});
