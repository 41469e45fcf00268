import type { CanonicalEnvelope } from '@questline/contracts';
import { canonicalEnvelope } from '@questline/testing';
import { parsePack } from '../pack/parse-pack';
import { MemoryProgressStore, progressKeys } from '../progress';
import { decideBatch } from './decide-batch';
import { MemoryRuleHistory } from './rule-history';

const pack = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
rules:
  - id: expert-answer
    on: qa.answered
    if: { ">=": [{ var: user.metrics.topics }, 2] }
    award: { currency: xp, amount: 5 }
  - id: streak-bonus
    on: qa.answered
    award: { currency: xp, amount: { expr: { "if": [{ ">=": [{ var: user.streaks.daily }, 3] }, 15, 10] } } }
metrics:
  - { id: topics, name: Topics, kind: distinct, on: qa.answered, value: payload.topic }
streaks:
  - { id: daily, name: Daily, on: qa.answered, period: day }
`);

let n = 0;
const ev = (topic: string, day: number): CanonicalEnvelope =>
  canonicalEnvelope({ id: `s${++n}`, type: 'qa.answered', userId: 'ann', occurredAt: `2026-11-${String(20 + day).padStart(2, '0')}T10:00:00Z`, payload: { topic } });

describe('conditions and amounts on the user\'s state', () => {
  it('read the state the user\'s earlier events left: a metric gate and a streak-sized amount', () => {
    const store = new MemoryProgressStore();
    const history = new MemoryRuleHistory();
    const events = [ev('math', 0), ev('math', 1), ev('art', 2), ev('art', 3)];
    const decided = decideBatch(pack, events, history, store);
    const paid = events.map((e) => decided.get(e.id)!.awards.map((a) => `${a.ruleId}:${a.amount}`));
    expect(paid).toEqual([
      ['streak-bonus:10'], // topics 0 before this event, streak 0
      ['streak-bonus:10'], // topics 1, streak 1
      ['streak-bonus:10'], // topics 1 (art not counted yet), streak 2
      ['expert-answer:5', 'streak-bonus:15'], // topics 2, streak 3
    ]);
  });

  it('locks and loads the state a condition reads', () => {
    expect(progressKeys(pack, ev('x', 0)).map((k) => k.key).sort()).toEqual(['metric/topics/all', 'metric/topics/all', 'streak/daily', 'streak/daily']);
  });

  it('refuses a condition on state the pack does not keep', () => {
    const bad = (cond: string) => () =>
      parsePack(`tenant: d\nversion: 1\nname: D\nschemaNamespace: d\ncurrencies: [{ id: xp }]\nrules:\n  - { id: a, on: x.y, if: ${cond}, award: { currency: xp, amount: 1 } }\n`);
    expect(bad('{ ">": [{ var: user.metrics.nope }, 1] }')).toThrow(/\/rules\/0\/if user\.metrics\.nope: no metric "nope"/);
    expect(bad('{ ">": [{ var: user.level }, 3] }')).toThrow(/"user\.level" is not user state the platform keeps/);
  });
});
