import fc from 'fast-check';
import { nestedRepetition, unsafePatterns } from './safe-pattern';

describe('patterns a tenant schema may carry (no catastrophic backtracking)', () => {
  it('refuses a repeated group that repeats inside', () => {
    for (const p of ['^(a+)+$', '(a*)*', '^(\\w+\\s?)*$', '(x{2,})+', '((ab)*c)+', '([a-z]+)*', '(?:a+)+b', '(a+){2,}', '^(([a-z])+.)+[A-Z]([a-z])+$']) expect([p, nestedRepetition(p)]).toEqual([p, true]);
  });

  it('accepts the patterns real schemas use', () => {
    for (const p of ['^[a-z0-9][a-z0-9_.-]{0,63}$', '^\\d{4}-\\d{2}-\\d{2}$', '^(a|b)+$', '^(ab)+$', '^(a+)?$', '^(\\+|-)?\\d+$', '^[(]+$', '\\(a+\\)+', '^(a){1}+$', '^[0-9a-f]{8}-[0-9a-f]{4}$'])
      expect([p, nestedRepetition(p)]).toEqual([p, false]);
  });

  it('finds them anywhere in a schema, with their pointer', () => {
    const schema = { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' }, t: { type: 'string', pattern: '^[a-z]+$' } }, patternProperties: { '^(x*)*$': {} } };
    expect(unsafePatterns(schema).sort((a, b) => a.pointer.localeCompare(b.pointer))).toEqual([
      { pointer: '/patternProperties/^(x*)*$', pattern: '^(x*)*$' },
      { pointer: '/properties/s/pattern', pattern: '^(a+)+$' },
    ]);
  });

  it('never throws, whatever the pattern (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (p) => void nestedRepetition(p)), { numRuns: 2_000 });
  });
});
