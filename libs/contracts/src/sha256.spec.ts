import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sha256, sha256ByHashObject } from './sha256';

describe('sha256', () => {
  it('gives what createHash gives, as bytes and as hex, for any text (any script, lone surrogates included)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)) })), (text) => {
        const expected = createHash('sha256').update(text).digest();
        expect(sha256(text).equals(expected)).toBe(true);
        expect(sha256(text, 'hex')).toBe(expected.toString('hex'));
        expect(sha256ByHashObject(text, 'hex')).toBe(expected.toString('hex'));
        expect((sha256ByHashObject(text) as Buffer).equals(expected)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the known digest of the empty text', () => {
    expect(sha256('', 'hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
