import fc from 'fast-check';
import { findForbiddenKey, findUnsafeJson, jsonDepth, nestsDeeperThan, parseJsonWithin } from './safe-json';

describe('safe JSON at the edges', () => {
  it('measures depth on the text, ignoring brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"{"')).toBe(0);
    expect(jsonDepth(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 64)).toBe(65); // stops early
  });

  it('tells a text nesting deeper than a limit as the full scan does, brackets in strings or not (property)', () => {
    expect(nestsDeeperThan('{"a":"{{{{[[[["}', 1)).toBe(false); // many brackets, all in a string: the full scan decides
    expect(nestsDeeperThan('[[1]]', 2)).toBe(false);
    expect(nestsDeeperThan('[[[1]]]', 2)).toBe(true);
    expect(nestsDeeperThan(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 64)).toBe(true);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (v, max) => {
        const text = JSON.stringify(v);
        expect(nestsDeeperThan(text, max)).toBe(jsonDepth(text) > max);
      }),
      { numRuns: 3_000 },
    );
  });

  it('counts the bytes of a text that could be over the limit, and only those', () => {
    const limits = { maxBytes: 12, maxDepth: 4 };
    expect(parseJsonWithin('"éééé"', limits)).toBe('éééé'); // 10 bytes, though 6 × 3 > 12
    expect(() => parseJsonWithin('"ééééé£"', limits)).toThrow(expect.objectContaining({ code: 'payload_too_large', message: expect.stringContaining('14 bytes') }));
    expect(parseJsonWithin('"ab"', limits)).toBe('ab'); // 4 × 3 ≤ 12: not counted, cannot be over
    // Three bytes per character: 5 units, 11 bytes (a bound of 2 bytes per unit would let it through).
    expect(() => parseJsonWithin('"€€€"', { maxBytes: 10, maxDepth: 4 })).toThrow(expect.objectContaining({ code: 'payload_too_large' }));
  });

  it('refuses too large, too deep and invalid documents with stable codes', () => {
    const code = (f: () => unknown) => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(code(() => parseJsonWithin('x'.repeat(11), { maxBytes: 10, maxDepth: 5 }))).toBe('payload_too_large');
    expect(code(() => parseJsonWithin(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`))).toBe('nesting_too_deep');
    expect(code(() => parseJsonWithin('{"a":'))).toBe('invalid_json');
    expect(parseJsonWithin('{"a":[1,2]}')).toEqual({ a: [1, 2] });
  });

  it('finds NUL, lone surrogates and __proto__ keys, with the pointer', () => {
    expect(findUnsafeJson({ a: { b: ['ok', 'x\u0000y'] } })).toMatchObject({ pointer: '/a/b/1', code: 'invalid_text' });
    expect(findUnsafeJson({ a: '\ud800' })).toMatchObject({ pointer: '/a', code: 'invalid_text' });
    expect(findUnsafeJson({ a: 'x\udc00' })).toMatchObject({ code: 'invalid_text' });
    expect(findUnsafeJson({ a: '😀 ok' })).toBeNull();
    expect(findUnsafeJson(JSON.parse('{"x":{"__proto__":{"admin":true}}}'))).toMatchObject({ pointer: '/x/__proto__', code: 'forbidden_key' });
    expect(findUnsafeJson({ 'k/~': { 'bad\u0000key': 1 } })).toMatchObject({ pointer: '/k~1~0/bad\u0000key', code: 'invalid_text' });
  });

  it('finds a number beyond a double (JSON.parse gives Infinity, which would be stored as null)', () => {
    expect(findUnsafeJson(JSON.parse('{"a":[1,{"n":1e400}]}'))).toMatchObject({ pointer: '/a/1/n', code: 'number_out_of_range' });
    expect(findUnsafeJson(JSON.parse('{"n":-1e400}'))).toMatchObject({ code: 'number_out_of_range' });
    expect(findUnsafeJson(JSON.parse('{"n":1.7e308,"m":-0,"k":5e-324}'))).toBeNull();
  });

  it('finds __proto__ (escaped too) and constructor.prototype keys for the DTO routes, and nothing in plain bodies', () => {
    expect(findForbiddenKey(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toBe('/a/__proto__');
    expect(findForbiddenKey(JSON.parse('{"a":[0,{"\\u005f_proto__":1}]}'))).toBe('/a/1/__proto__');
    expect(findForbiddenKey(JSON.parse('{"constructor":{"prototype":{"admin":true}}}'))).toBe('/constructor/prototype');
    expect(findForbiddenKey(JSON.parse('{"constructor":"a string is data","proto":1,"prototype":{}}'))).toBeNull();
    expect(findForbiddenKey({ a: [1, 'b', null, { c: {} }] })).toBeNull();
  });

  it('never throws, whatever the value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = findUnsafeJson(v);
        expect(r === null || typeof r.pointer === 'string').toBe(true);
      }),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        try {
          parseJsonWithin(text);
        } catch (e) {
          expect(['invalid_json', 'nesting_too_deep', 'payload_too_large']).toContain((e as { code: string }).code);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
