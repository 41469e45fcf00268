import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parse as uuidParse, v5 as uuidv5 } from 'uuid';
import { sha256, sha256ByHashObject, uuidFromHex, uuidV5, uuidV5ByHashObject } from './sha256';

/** Any text: any script, astral characters, lone surrogates and the code points around them. */
const anyText = () =>
  fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)) }));

describe('sha256', () => {
  it('gives what createHash gives, as hex and as base64url, for any text (lone surrogates included)', () => {
    fc.assert(
      fc.property(anyText(), (text) => {
        const expected = createHash('sha256').update(text).digest();
        expect(sha256(text)).toBe(expected.toString('hex'));
        expect(sha256(text, 'base64url')).toBe(expected.toString('base64url'));
        expect(sha256ByHashObject(text)).toBe(expected.toString('hex'));
        expect(sha256ByHashObject(text, 'base64url')).toBe(expected.toString('base64url'));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the known digest of the empty text', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('uuidV5', () => {
  const namespaces = ['6f1c1a8e-3b5e-4d59-9a43-6c1f0e2b7a10', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'];

  it('gives what the uuid package gives for any well-formed name (property, 2,000 names)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme', maxLength: 2000 })), fc.constantFrom(...namespaces), (name, ns) => {
        expect(uuidV5(name, uuidParse(ns))).toBe(uuidv5(name, ns));
        expect(uuidV5ByHashObject(name, uuidParse(ns))).toBe(uuidv5(name, ns));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the RFC 9562 example (DNS namespace, www.example.com)', () => {
    expect(uuidV5('www.example.com', uuidParse('6ba7b810-9dad-11d1-80b4-00c04fd430c8'))).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('refuses a name with a lone surrogate, as the uuid package does, rather than hash U+FFFD in its place', () => {
    const ns = uuidParse(namespaces[0]!);
    for (const name of ['a\uD800b', 'a\uDC00b', '\uD83D']) {
      expect(() => uuidV5(name, ns)).toThrow(URIError);
      expect(() => uuidV5ByHashObject(name, ns)).toThrow(URIError);
      expect(() => uuidv5(name, namespaces[0]!)).toThrow(URIError);
    }
    expect(uuidV5('a\uFFFDb', ns)).toBe(uuidv5('a\uFFFDb', namespaces[0]!));
  });

  it('refuses a namespace that is not 16 bytes, as the uuid package does, rather than give another id', () => {
    for (const ns of [new Uint8Array(15), new Uint8Array(17), new Uint8Array(0)]) {
      expect(() => uuidV5('name', ns)).toThrow(TypeError);
      expect(() => uuidV5ByHashObject('name', ns)).toThrow(TypeError);
      expect(() => uuidv5('name', ns)).toThrow(TypeError);
    }
  });
});

describe('uuidFromHex', () => {
  it('sets the version and variant bits of the first 16 bytes and keeps the other 122 (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 32 }), fc.constantFrom(4 as const, 5 as const), (bytes, version) => {
        const b = Buffer.from(bytes);
        const expected = Buffer.from(b.subarray(0, 16));
        expected[6] = (expected[6]! & 0x0f) | (version << 4);
        expected[8] = (expected[8]! & 0x3f) | 0x80;
        expect(uuidFromHex(b.toString('hex'), version).replace(/-/g, '')).toBe(expected.toString('hex'));
      }),
      { numRuns: 2000 },
    );
  });
});
