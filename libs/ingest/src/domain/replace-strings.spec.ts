import { createHash } from 'node:crypto';
import { erasedKey, replaceStrings, scrubUser } from './replace-strings';

describe('removing a user id from JSON documents (erasure)', () => {
  it('replaces whole strings and keys only, never parts of other strings', () => {
    const doc = { userId: 'ann', friends: ['ann', 'anna', 'joann'], byUser: { ann: 3, bob: 1 }, note: 'ann wrote this' };
    expect(replaceStrings(doc, 'ann', 'P')).toEqual({ userId: 'P', friends: ['P', 'anna', 'joann'], byUser: { P: 3, bob: 1 }, note: 'ann wrote this' });
  });

  it("hashes the keys built from the id inside the user's own objects, as Postgres' sha256 does", () => {
    const awards = [
      { userId: 'ann', idempotencyKey: 'e1:rule:ann:xp', amount: 5 },
      { userId: 'bob', idempotencyKey: 'e1:rule:bob:ann-was-here', amount: 5 },
    ];
    expect(scrubUser(awards, 'ann', 'P')).toEqual([
      { userId: 'P', idempotencyKey: `erased:${createHash('sha256').update('e1:rule:ann:xp').digest('hex')}`, amount: 5 },
      // Another user's award keeps its key (it is that user's idempotency key).
      { userId: 'bob', idempotencyKey: 'e1:rule:bob:ann-was-here', amount: 5 },
    ]);
    expect(erasedKey('k')).toMatch(/^erased:[0-9a-f]{64}$/);
  });

  it('in a document owned by the user, every string holding the id is hashed, at any depth', () => {
    const scrubbed = scrubUser({ userId: 'ann', meta: { session: 'sess-ann-1', device: 'phone' } }, 'ann', 'P', true) as { meta: { session: string; device: string } };
    expect(scrubbed.meta.session).toBe(erasedKey('sess-ann-1'));
    expect(scrubbed.meta.device).toBe('phone');
  });
});
