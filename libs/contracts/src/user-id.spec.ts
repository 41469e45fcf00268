import fc from 'fast-check';
import { ANONYMISED_USER_ID, assertUserId, isValidUserId, MAX_USER_ID_LENGTH, SYSTEM_USER_ID, UNLINKED_USER_ID, userIdProblem } from './user-id';

describe('the one definition of a user id', () => {
  it('accepts 1 to 128 characters of any script, and ids that merely contain _ or deleted:', () => {
    for (const id of ['a', '42', 'u'.repeat(MAX_USER_ID_LENGTH), 'Nguyễn Văn A', '用户-42', 'a_b', 'user_deleted:1', 'anon:x', 'Deleted:1', '😀'.repeat(64), 'a b']) {
      expect([id, userIdProblem(id)]).toEqual([id, null]);
    }
  });

  it("refuses the platform's placeholders, whatever follows the prefix", () => {
    for (const id of [UNLINKED_USER_ID, ANONYMISED_USER_ID, SYSTEM_USER_ID, '_', '_bob', 'deleted:', 'deleted:0d6d6f3c-7f63-4d8e-9d1c-1f1f2b8f9e11']) {
      expect([id, userIdProblem(id)]).toEqual([id, expect.stringContaining('reserved')]);
    }
  });

  it('refuses empty, too long, non-strings, control characters and unpaired surrogates', () => {
    expect(userIdProblem('')).toBe('empty');
    expect(userIdProblem('u'.repeat(129))).toBe('129 characters (at most 128)');
    // 64 emoji are 128 UTF-16 code units; 65 are 130 (Postgres would count 65: the bound is never looser than it).
    expect(userIdProblem('😀'.repeat(65))).toBe('130 characters (at most 128)');
    expect(userIdProblem(42)).toBe('not a string');
    expect(userIdProblem(undefined)).toBe('not a string');
    for (const id of ['a\u0000', 'a\nb', 'a\tb', '\u001b[31mred', 'a\u007f', 'a\u0085', 'a\ud800', '\udc00a', 'x\ud83d']) {
      expect([JSON.stringify(id), userIdProblem(id)]).toEqual([JSON.stringify(id), 'contains a control character or an unpaired UTF-16 surrogate']);
    }
  });

  it('never repeats the id in the reason (it may be huge or personal)', () => {
    for (const id of ['_jane.doe@example.com', 'deleted:jane.doe@example.com', `jane.doe@example.com${'x'.repeat(200)}`, 'jane.doe@example.com\n']) {
      expect(userIdProblem(id)).not.toContain('jane.doe');
    }
  });

  it('is exactly: a string of 1–128 code units, no reserved prefix, no control character or lone surrogate', () => {
    const tricky = fc.constantFrom('', '_', 'deleted:', 'anon:', 'a', '\u0000', '\n', '\u007f', '\u0085', '\ud800', '\udfff', '😀', 'é', ' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 40 }), fc.nat(140), (parts, pad) => {
        const id = parts.join('') + 'x'.repeat(pad % 3 === 0 ? pad : 0);
        const expected =
          id.length >= 1 &&
          id.length <= 128 &&
          !id.startsWith('_') &&
          !id.startsWith('deleted:') &&
          ![...id].some((ch) => {
            const c = ch.codePointAt(0)!;
            return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff);
          });
        expect(isValidUserId(id)).toBe(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses as 422 problem+json: code invalid_user_id, the pointer given, the reason as detail', () => {
    expect(() => assertUserId('_unlinked', '/path/userId')).toThrow(expect.objectContaining({ code: 'invalid_user_id', kind: 'validation', errors: [{ pointer: '/path/userId', detail: expect.stringContaining('reserved') }] }));
    expect(() => assertUserId('bob', '/path/userId')).not.toThrow();
  });
});
