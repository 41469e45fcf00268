import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { scrubArchive } from './archive-scrub';

const gz = (rows: unknown[]) => gzipSync(Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));

describe('an archived file without an erased user', () => {
  it('leaves a file that does not name the user alone (null), even one holding the id inside another string', () => {
    expect(scrubArchive(gz([{ id: '1', userId: 'bob', envelope: { payload: { note: 'ann-like' } } }]), 'ann', 'P')).toBeNull();
  });

  it("rewrites the user's own events and others' mentions, and gives the new body's SHA-256", () => {
    const rows = [
      { id: '1', userId: 'ann', envelope: { userId: 'ann', idempotencyKey: 'k-ann-1', payload: { user_id: 'ann' } } },
      { id: '2', userId: 'bob', envelope: { userId: 'bob', idempotencyKey: 'k-bob-ann', payload: { answer_author_id: 'ann' } } },
      { id: '3', userId: 'cat', envelope: { userId: 'cat', payload: {} } },
    ];
    const out = scrubArchive(gz(rows), 'ann', 'P')!;
    expect(out.events).toBe(2);
    expect(out.sha256).toBe(createHash('sha256').update(out.body).digest('hex'));
    const back = gunzipSync(out.body).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(back[0]).toMatchObject({ userId: 'P', envelope: { userId: 'P', idempotencyKey: expect.stringMatching(/^erased:[0-9a-f]{64}$/), payload: { user_id: 'P' } } });
    // Another user's event: the mention goes, its own key stays (it is that user's).
    expect(back[1]).toEqual({ id: '2', userId: 'bob', envelope: { userId: 'bob', idempotencyKey: 'k-bob-ann', payload: { answer_author_id: 'P' } } });
    expect(back[2]).toEqual(rows[2]);
    expect(JSON.stringify(back)).not.toContain('"ann"');
  });
});
