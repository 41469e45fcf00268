import { patternFlags } from './pattern-flags';
import { schemaPatterns, unsafePatterns } from './safe-pattern';

jest.setTimeout(60_000);

const schemaWith = (...patterns: string[]) => ({ type: 'object', properties: Object.fromEntries(patterns.map((pattern, i) => [`p${i}`, { type: 'string', pattern }])) });
const refused = async (...patterns: string[]) => unsafePatterns([{ file: 'registry/ns/x/v1.schema.json', schema: schemaWith(...patterns) }]);

describe('patterns a tenant schema may carry (no catastrophic backtracking; recheck)', () => {
  it('refuses patterns that backtrack exponentially — nested repetition and overlapping alternatives alike — with an attack string', async () => {
    const patterns = ['^(a+)+$', '(a*)*b', '^(\\w+\\s?)*$', '(?:a+)+b', '^(a|a)+$', '^(\\w|\\d)+$', '^(a|aa)+$', '^(\\d+\\s?)+$'];
    const problems = await refused(...patterns);
    expect(problems).toHaveLength(patterns.length);
    for (const [i, p] of patterns.entries()) {
      const problem = problems.find((x) => x.startsWith(`registry/ns/x/v1.schema.json: /properties/p${i}/pattern: `));
      expect(problem).toContain(`pattern ${JSON.stringify(p)} takes exponential time`);
      expect(problem).toMatch(/an attack: ".+"/);
    }
  });

  it('refuses patterns that take polynomial time in the length of a value (quadratic on a 1 MiB body is minutes)', async () => {
    const [problem] = await refused('^\\S+@\\S+\\.\\S+$');
    expect(problem).toMatch(/takes polynomial \(degree \d\) time/);
  });

  it('accepts the patterns real schemas use, including repeated groups that can match one way only', async () => {
    expect(
      await refused(
        '^[a-z0-9][a-z0-9_.-]{0,63}$',
        '^\\d{4}-\\d{2}-\\d{2}$',
        '^(a|b)+$',
        '^(ab)+$',
        '^(\\+|-)?\\d+$',
        '^[\\x21-\\x7e]+$',
        '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$',
        '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$',
        '(^|[._-])batch([._-]|$)',
        // A slug: a star height of two, which the earlier check refused, but every character has one way to match.
        '^([a-z0-9]+-)*[a-z0-9]+$',
        '^[a-z]+(\\.[a-z]+)*$',
      ),
    ).toEqual([]);
  });

  it('refuses back-references and look-around, which recheck can only fuzz (it called an exponential one safe) and the linear-time engine cannot run', async () => {
    const gated = '^(\\w)(?!\\1)(\\w)(?!\\1|\\2)(\\w)(?!\\1|\\2|\\3)(\\w)\\4\\3\\2\\1(?:a|a)*$';
    for (const p of [gated, '^(a)\\1$', '^(?<x>a)\\k<x>$', '^(?=a)a$', '^(?<!a)b$']) expect([p, (await refused(p))[0]]).toEqual([p, expect.stringContaining('uses a back-reference or look-around')]);
    // An escaped backslash before a digit is a character, not a back-reference; a named group is fine.
    expect(await refused('^a\\\\1$', '^(?<year>\\d{4})$')).toEqual([]);
  });

  it('compiles a pattern without the u flag when it means the same (so the linear-time fallback can run it)', () => {
    expect(['^[a-z]+$', '^(a|b)+$', '^\\d{4}$'].map(patternFlags)).toEqual(['', '', '']);
    expect(['^\\p{L}+$', '^\\u{1F600}$', '^😀$', '^(unclosed$'].map(patternFlags)).toEqual(['u', 'u', 'u', 'u']);
  });

  it('refuses a pattern that is not a regular expression, and says so', async () => {
    expect((await refused('^(unclosed$'))[0]).toMatch(/is not a valid regular expression/);
  });

  it('bounds the work one bundle can ask for: distinct patterns, and the time for all of them', async () => {
    const many = Array.from({ length: 6 }, (_, i) => `^x${i}$`);
    expect(await unsafePatterns([{ file: 'f', schema: schemaWith(...many) }], { maxPatterns: 5 })).toEqual(['the bundle carries 6 distinct patterns; at most 5 are checked and allowed']);
    const late = await unsafePatterns([{ file: 'f', schema: schemaWith('^a$') }], { budgetMs: 0 });
    expect(late).toEqual(['f: /properties/p0/pattern: pattern "^a$" was not checked: the bundle took too long to check; split it or simplify its patterns']);
    // The same pattern in several places is analysed once and reported at each.
    expect(await unsafePatterns([{ file: 'f', schema: schemaWith('^(a+)+$', '^(a+)+$') }])).toHaveLength(2);
  });

  it('finds every pattern in a schema, with its pointer (patternProperties keys too)', () => {
    const schema = { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' }, t: { items: [{ pattern: '^[a-z]+$' }] } }, patternProperties: { '^x/y~z$': {} } };
    expect(schemaPatterns(schema).sort((a, b) => a.pointer.localeCompare(b.pointer))).toEqual([
      { pointer: '/patternProperties/^x~1y~0z$', pattern: '^x/y~z$' },
      { pointer: '/properties/s/pattern', pattern: '^(a+)+$' },
      { pointer: '/properties/t/items/0/pattern', pattern: '^[a-z]+$' },
    ]);
  });
});
