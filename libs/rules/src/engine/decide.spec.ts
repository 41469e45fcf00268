import type { CanonicalEnvelope } from '@questline/contracts';
import { canonicalEnvelope } from '@questline/testing';
import { parsePack } from '../pack/parse-pack';
import type { LevelCurve } from '../pack/pack.types';
import { decide } from './decide';
import { typeMatches } from './evaluate';
import { levelFor } from './levels';

const pack = parsePack(`
tenant: demo
version: 3
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }, { id: points }]
rules:
  - id: accepted
    version: 2
    on: knowledge.answer.accepted
    award: { currency: xp, amount: 50, to: payload.answer_author_id }
  - id: any-knowledge
    on: knowledge.*
    award: { currency: points, amount: 1 }
  - id: big-answers
    on: knowledge.answer.accepted
    if: { ">": [{ var: "payload.length" }, 1000] }
    award: { currency: xp, amount: 5 }
`);

const event = (over: Partial<CanonicalEnvelope> = {}): CanonicalEnvelope =>
  canonicalEnvelope({ payload: { answer_author_id: 'alice', length: 10 }, ...over });

describe('decide', () => {
  it('awards the user named in the payload, with rule id, version and a deterministic key', () => {
    const d = decide(pack, event());
    expect(d.awards).toEqual([
      { userId: 'alice', currency: 'xp', amount: 50, ruleId: 'accepted', ruleVersion: 2, idempotencyKey: 'e1:accepted:alice:xp' },
      { userId: 'bob', currency: 'points', amount: 1, ruleId: 'any-knowledge', ruleVersion: 1, idempotencyKey: 'e1:any-knowledge:bob:points' },
    ]);
    expect(decide(pack, event())).toEqual(d);
  });

  it('applies JSONLogic conditions', () => {
    const d = decide(pack, event({ payload: { answer_author_id: 'alice', length: 5000 } }));
    expect(d.awards.map((a) => a.ruleId)).toEqual(['accepted', 'any-knowledge', 'big-answers']);
  });

  it('skips an award whose recipient is missing, saying why', () => {
    const d = decide(pack, event({ payload: {} }));
    expect(d.awards.map((a) => a.ruleId)).toEqual(['any-knowledge']);
    expect(d.skipped).toEqual([
      { ruleId: 'accepted', reason: 'recipient payload.answer_author_id missing in event' },
      // A rule whose condition is false says so too (an adopter found no reason on a blocked voter's event).
      { ruleId: 'big-answers', reason: 'condition (`if`) not met' },
    ]);
  });

  it('matches exact types and wildcards', () => {
    expect(typeMatches('knowledge.*', 'knowledge.answer.accepted')).toBe(true);
    expect(typeMatches('knowledge.*', 'knowledgebase.x')).toBe(false);
    expect(typeMatches('*', 'anything')).toBe(true);
    expect(typeMatches('a.b', 'a.b.c')).toBe(false);
  });
});

describe('levelFor', () => {
  const curve: LevelCurve = { currency: 'xp', thresholds: [0, 100, 500], allowDown: false };
  it.each([
    [0, 1, 100],
    [99, 1, 100],
    [100, 2, 500],
    [499, 2, 500],
    [500, 3, null],
    [10_000, 3, null],
  ])('lifetime %i → level %i (next at %s)', (lifetime, level, nextAt) => {
    expect(levelFor(curve, lifetime)).toEqual({ level, nextAt });
  });
});
