import type { CanonicalEnvelope } from '@questline/contracts';
import { canonicalEnvelope } from '@questline/testing';
import { parsePack } from '../pack/parse-pack';
import { decide, limitedRecipients } from './decide';
import { MemoryRuleHistory } from './rule-history';

const pack = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
timezone: Asia/Ho_Chi_Minh
currencies: [{ id: xp }]
rules:
  - { id: first-read, on: article.read, award: { currency: xp, amount: 5 }, oncePer: { key: [payload.article_id] } }
  - { id: upvote, on: answer.upvoted, award: { currency: xp, amount: 2, to: payload.author }, oncePer: { key: [subject, payload.answer_id] } }
  - { id: check-in, on: app.opened, award: { currency: xp, amount: 1 }, oncePer: { key: [subject], per: day } }
`);

let n = 0;
const event = (type: string, payload: Record<string, unknown>, over: Partial<CanonicalEnvelope> = {}): CanonicalEnvelope =>
  canonicalEnvelope({ id: `e${++n}`, type, userId: 'ann', occurredAt: '2026-11-23T03:00:00Z', payload, ...over });
const paid = (d: ReturnType<typeof decide>) => d.awards.reduce((s, a) => s + a.amount, 0);

describe('once-per keys', () => {
  it('pays once per recipient and key, ever: a first read per article', () => {
    const h = new MemoryRuleHistory();
    expect([1, 2, 1, 1, 2, 3].map((a) => paid(decide(pack, event('article.read', { article_id: a }), h)))).toEqual([5, 5, 0, 0, 0, 5]);
    // Another reader reads article 1 for the first time.
    expect(paid(decide(pack, event('article.read', { article_id: 1 }, { userId: 'ben' }), h))).toBe(5);
    expect(decide(pack, event('article.read', { article_id: 1 }), h).skipped).toEqual([{ ruleId: 'first-read', reason: 'already paid once per payload.article_id' }]);
  });

  it('once per (voter, answer) for the author: another voter pays again, the same voter never', () => {
    const h = new MemoryRuleHistory();
    const vote = (voter: string) => paid(decide(pack, event('answer.upvoted', { author: 'cat', answer_id: 'a1' }, { userId: voter }), h));
    expect(['ann', 'ann', 'ben', 'ann'].map(vote)).toEqual([2, 0, 2, 0]);
  });

  it('once per local day (the pack zone: UTC+7)', () => {
    const h = new MemoryRuleHistory();
    const open = (utc: string) => paid(decide(pack, event('app.opened', {}, { occurredAt: utc }), h));
    // 16:30 UTC is 23:30 in Ho Chi Minh City; 17:30 UTC is the next local day.
    expect(['2026-11-23T03:00:00Z', '2026-11-23T16:30:00Z', '2026-11-23T17:30:00Z'].map(open)).toEqual([1, 0, 1]);
  });

  it('an event missing a key field is not paid, and its outcome says which field', () => {
    const d = decide(pack, event('article.read', {}), new MemoryRuleHistory());
    expect(d.awards).toEqual([]);
    expect(d.skipped).toEqual([{ ruleId: 'first-read', reason: 'once-per key field payload.article_id missing in event' }]);
  });

  it('locks and loads the key (hashed, never the raw value), and refuses a key that cannot be computed at validation', () => {
    const [pair] = limitedRecipients(pack, event('article.read', { article_id: 'secret-title' }));
    expect(pair!.ruleId).toMatch(/^once:first-read:ever:[A-Za-z0-9_-]{32}$/);
    expect(pair!.ruleId).not.toContain('secret');
    expect(() =>
      parsePack(`tenant: d\nversion: 1\nname: D\nschemaNamespace: d\ncurrencies: [{ id: xp }]\nrules:\n  - { id: a, on: x.y, award: { currency: xp, amount: 1 }, oncePer: { key: [event.id] } }\n`),
    ).toThrow(/\/rules\/0\/oncePer\/key\/0/);
  });
});
