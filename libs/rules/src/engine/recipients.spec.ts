import type { CanonicalEnvelope } from '@questline/contracts';
import { canonicalEnvelope } from '@questline/testing';
import { parsePack } from '../pack/parse-pack';
import { MemoryProgressStore } from '../progress/progress-store';
import { progress, progressKeys } from '../progress/progress';
import { decide, limitedRecipients } from './decide';
import { decideBatch } from './decide-batch';
import { MemoryRuleHistory } from './rule-history';

// Two rules on one event: the asker (subject) and the answer's author (a payload field), plus a
// counter, a metric and a capped rule naming the author, and a streak and quest of the subject.
const pack = parsePack(`
tenant: demo
version: 4
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
rules:
  - { id: accepted, on: knowledge.answer.accepted, award: { currency: xp, amount: 50, to: payload.answer_author_id } }
  - { id: asked, on: knowledge.answer.accepted, award: { currency: xp, amount: 7 } }
  - { id: capped, on: knowledge.answer.accepted, award: { currency: xp, amount: 1, to: payload.answer_author_id }, limits: { perDay: 5 } }
  - { id: once, on: knowledge.answer.accepted, award: { currency: xp, amount: 2 }, oncePer: { key: [payload.question_id], per: ever } }
counters:
  - { id: answers, name: Answers, to: payload.answer_author_id, steps: [{ on: knowledge.answer.accepted, by: 1 }], milestones: [{ at: 1, reward: { currency: xp, amount: 3 } }] }
metrics:
  - { id: accepted-answers, name: Accepted answers, kind: count, on: knowledge.answer.accepted, to: payload.answer_author_id, per: all, milestones: [{ at: 1, reward: { currency: xp, amount: 4 } }] }
streaks:
  - { id: daily, name: Daily, on: "knowledge.*", period: day, milestones: [{ length: 2, reward: { currency: xp, amount: 9 } }] }
`);

const event = (author: string, over: Partial<CanonicalEnvelope> = {}): CanonicalEnvelope =>
  canonicalEnvelope({ id: 'e1', userId: 'bob', payload: { answer_author_id: author, question_id: '_q-1' }, ...over });

const invalid: [string, string, string][] = [
  ['over 1,024 characters (the scored message schema would dead-letter the whole event)', 'a'.repeat(1025), '1025 characters (at most 128)'],
  ['129 characters', 'a'.repeat(129), '129 characters (at most 128)'],
  ["retention's placeholder", '_anonymised', 'reserved'],
  ["ingest's placeholder for unlinked events", '_unlinked', 'reserved'],
  ["an erased user's pseudonym", 'deleted:0d6d6f3c-7f63-4d8e-9d1c-1f1f2b8f9e11', 'reserved'],
  ['a control character', 'alice\u0000', 'control character'],
];

describe('a rule recipient that is not a valid user id', () => {
  it.each(invalid)('%s: its awards are skipped with the reason, the event keeps its other awards', (_name, author, why) => {
    const d = decide(pack, event(author));
    expect(d.awards.map((a) => [a.ruleId, a.userId, a.amount])).toEqual([
      ['asked', 'bob', 7],
      ['once', 'bob', 2],
    ]);
    expect(d.skipped).toEqual([
      { ruleId: 'accepted', reason: expect.stringContaining(`recipient payload.answer_author_id is not a valid user id: `) },
      { ruleId: 'capped', reason: expect.stringContaining(`recipient payload.answer_author_id is not a valid user id: `) },
    ]);
    expect(d.skipped[0]!.reason).toContain(why);
    // The reason never carries the id itself (stored with the decision; it may be huge or personal).
    expect(JSON.stringify(d.skipped)).not.toContain(author);
    // Deterministic: a redelivery or replay decides the same.
    expect(decide(pack, event(author))).toEqual(d);
  });

  it('is not locked or loaded for caps, and gets no counter, metric or their rewards', () => {
    const bad = event('_anonymised');
    expect(limitedRecipients(pack, bad).map((l) => l.userId)).toEqual(['bob']); // the asker's once-per mark only
    expect(progressKeys(pack, bad).some((k) => k.userId === '_anonymised')).toBe(false);
    const batch = decideBatch(pack, [bad], new MemoryRuleHistory(), new MemoryProgressStore()).get('e1')!;
    expect(batch.awards.map((a) => a.userId)).not.toContain('_anonymised');
    expect(batch.outcomes.map((o) => o.userId)).not.toContain('_anonymised');
    // The asker's awards and streak stand.
    expect(batch.awards.map((a) => a.ruleId).sort()).toEqual(['asked', 'once']);
    expect(batch.outcomes.some((o) => o.userId === 'bob' && o.subject === 'daily')).toBe(true);
  });

  it('a valid recipient still gets everything (the rule is not looser or stricter than ingest)', () => {
    const d = decideBatch(pack, [event('u'.repeat(128))], new MemoryRuleHistory(), new MemoryProgressStore()).get('e1')!;
    expect(d.skipped).toEqual([]);
    expect(d.awards.filter((a) => a.userId === 'u'.repeat(128)).map((a) => a.ruleId).sort()).toEqual(['accepted', 'capped', 'counter:answers', 'metric:accepted-answers']);
  });

  it('a missing recipient keeps its reason', () => {
    expect(decide(pack, canonicalEnvelope({ id: 'e1', payload: { question_id: 'q' } })).skipped[0]).toEqual({ ruleId: 'accepted', reason: 'recipient payload.answer_author_id missing in event' });
  });

  it('a once-per key is a value, not a recipient: one starting with _ still keys the rule', () => {
    const history = new MemoryRuleHistory();
    const first = decideBatch(pack, [event('alice')], history, new MemoryProgressStore()).get('e1')!;
    expect(first.awards.map((a) => a.ruleId)).toContain('once');
    expect(first.marks).toEqual([{ userId: 'bob', ruleId: expect.stringMatching(/^once:once:ever:/) }]);
  });
});

describe("an event whose subject is a platform placeholder (`_system` of a subject: none type, `_anonymised` on a rescore)", () => {
  it('credits the subject nothing: no rule award and no streak; payload recipients still count', () => {
    const system = event('alice', { userId: '_system' });
    const d = decideBatch(pack, [system], new MemoryRuleHistory(), new MemoryProgressStore()).get('e1')!;
    expect(d.awards.map((a) => a.userId)).not.toContain('_system');
    expect(d.outcomes.map((o) => o.userId)).not.toContain('_system');
    expect(d.awards.filter((a) => a.userId === 'alice').map((a) => a.ruleId).sort()).toEqual(['accepted', 'capped', 'counter:answers', 'metric:accepted-answers']);
    expect(d.skipped).toEqual([
      { ruleId: 'asked', reason: expect.stringContaining('recipient subject is not a valid user id: reserved') },
      { ruleId: 'once', reason: expect.stringContaining('recipient subject is not a valid user id: reserved') },
    ]);
    expect(progressKeys(pack, system).some((k) => k.userId === '_system')).toBe(false);
    expect(progress(pack, system, new MemoryProgressStore()).outcomes.map((o) => o.userId)).not.toContain('_system');
  });
});
