import type { CanonicalEnvelope } from '@questline/contracts';
import { canonicalEnvelope } from '@questline/testing';
import { parsePack } from '../pack/parse-pack';
import { MemoryProgressStore, progress, progressKeys } from './index';

const pack = parsePack(`
tenant: demo
version: 1
name: Demo
timezone: Asia/Ho_Chi_Minh
schemaNamespace: demo
currencies: [{ id: xp }]
rules: []
metrics:
  - { id: answers, name: Answers this week, kind: count, on: qa.answered, per: week, milestones: [{ at: 2, reward: { currency: xp, amount: 10 } }] }
  - { id: minutes, name: Minutes practised, kind: sum, on: practice.done, value: payload.minutes }
  - { id: topics, name: Topics answered in, kind: distinct, on: qa.answered, value: payload.topic, milestones: [{ at: 3, reward: { currency: xp, amount: 30 } }] }
  - { id: days, name: Days active, kind: distinct, on: "*", value: day }
  - { id: followers, name: Followers, kind: distinct, on: user.followed, value: subject, to: payload.followed }
`);

let n = 0;
const ev = (type: string, payload: Record<string, unknown>, over: Partial<CanonicalEnvelope> = {}): CanonicalEnvelope =>
  canonicalEnvelope({ id: `m${++n}`, type, userId: 'ann', occurredAt: '2026-11-23T03:00:00Z', payload, ...over });

/** A refused pack's errors, without their lines (parse-pack.spec checks those). */
function refused(text: string) {
  try {
    parsePack(text);
  } catch (err) {
    return (err as { errors: { pointer: string; detail: string; line?: number }[] }).errors.map(({ line: _line, ...e }) => e);
  }
  throw new Error('expected a refusal');
}

describe('metrics', () => {
  it('a metric a board ranks credits each move to its ledger tally once per event (1, a new distinct value, or the addend)', () => {
    const ranked = parsePack(`
tenant: demo
version: 3
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
rules: []
metrics:
  - { id: topics, name: Topics, kind: distinct, on: qa.answered, value: payload.topic, per: week }
  - { id: minutes, name: Minutes, kind: sum, on: practice.done, value: payload.minutes }
leaderboards:
  - { id: explorers, metric: topics, windows: [weekly] }
  - { id: practice, metric: minutes }
`);
    expect(ranked.leaderboards.map((b) => b.currency)).toEqual(['metric.topics', 'metric.minutes']);
    const store = new MemoryProgressStore();
    const tallies = [ev('qa.answered', { topic: 'math' }), ev('qa.answered', { topic: 'math' }), ev('qa.answered', { topic: 'art' }), ev('practice.done', { minutes: 25 })].flatMap(
      (e) => progress(ranked, e, store).awards.map((a) => [a.currency, a.amount, a.ruleId, a.idempotencyKey === `${e.id}:${a.ruleId}:ann:${a.currency}`]),
    );
    expect(tallies).toEqual([
      ['metric.topics', 1, 'metric:topics', true],
      ['metric.topics', 1, 'metric:topics', true],
      ['metric.minutes', 25, 'metric:minutes', true],
    ]);
  });

  it('a quest step reads a metric: answers in 3 distinct topics in one day completes it, once; a repeated topic does not move it', () => {
    const questing = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
rules: []
metrics:
  - { id: topics-today, name: Topics today, kind: distinct, on: qa.answered, value: payload.topic, per: day }
quests:
  - id: polymath-day
    name: Three topics in a day
    steps: [{ id: topics, metric: topics-today, target: 3 }, { id: ask, on: qa.asked, target: 1 }]
    reward: { currency: xp, amount: 40 }
`);
    const store = new MemoryProgressStore();
    const feed = (e: CanonicalEnvelope) => progress(questing, e, store);
    const day = (topic: string, date: string) => ev('qa.answered', { topic }, { occurredAt: `${date}T03:00:00Z` });
    feed(day('math', '2026-11-23'));
    feed(day('art', '2026-11-23'));
    feed(day('music', '2026-11-24')); // another day: 1 topic that day, the step stays at 2
    expect(store.get('ann', 'quest/polymath-day/once')).toMatchObject({ steps: { topics: 2 } });
    expect(feed(day('art', '2026-11-23')).outcomes).toEqual([]); // a repeated topic moves nothing
    expect(feed(day('music', '2026-11-23')).outcomes.map((o) => o.type)).toEqual(['quest.step_completed']);
    const done = feed(ev('qa.asked', {}));
    expect(done.outcomes.map((o) => o.type)).toEqual(['quest.step_completed', 'quest.completed']);
    expect(done.awards.map((a) => [a.ruleId, a.amount])).toEqual([['quest:polymath-day', 40]]);
    expect(progressKeys(questing, day('x', '2026-11-25')).map((k) => k.key)).toEqual(['quest/polymath-day/once', 'metric/topics-today/2026-11-25']);
  });

  it('refuses a quest step on an unknown metric, on a metric kept for someone else, or with its own activity', () => {
    const refusedSteps = (steps: string) =>
      refused(`tenant: demo\nversion: 1\nname: Demo\nschemaNamespace: demo\ncurrencies: [{ id: xp }]\nrules: []\nmetrics:\n  - { id: fans, name: Fans, kind: count, on: f.x, to: payload.star }\nquests:\n  - { id: q, name: Q, steps: [${steps}] }\n`);
    expect(refusedSteps('{ id: a, metric: nope, target: 2 }')).toEqual([{ pointer: '/quests/0/steps/0/metric', detail: 'no metric "nope" in the pack' }]);
    expect(refusedSteps('{ id: a, metric: fans, target: 2 }')).toEqual([{ pointer: '/quests/0/steps/0/metric', detail: 'metric "fans" is kept for payload.star, not for the user doing the quest' }]);
  });

  it('refuses a board over an unknown metric and a currency in the reserved metric. namespace', () => {
    const base = 'tenant: demo\nversion: 1\nname: Demo\nschemaNamespace: demo\nrules: []\n';
    expect(refused(`${base}currencies: [{ id: xp }]\nleaderboards: [{ id: b, metric: nope }]\n`)).toEqual([{ pointer: '/leaderboards/0/metric', detail: 'no metric "nope" in the pack' }]);
    expect(refused(`${base}currencies: [{ id: metric.x }]\n`)).toEqual([{ pointer: '/currencies/0/id', detail: '`metric.` currencies are reserved for the tallies of ranked metrics' }]);
  });

  it('count per week, sum of a field, distinct values, distinct local days, and a distinct count kept for another user', () => {
    const store = new MemoryProgressStore();
    const outcomes: string[] = [];
    let xp = 0;
    const feed = (e: CanonicalEnvelope) => {
      const r = progress(pack, e, store);
      xp += r.awards.reduce((s, a) => s + a.amount, 0);
      outcomes.push(...r.outcomes.map((o) => `${o.subject}@${String(o.data['milestone'])}`));
    };
    feed(ev('qa.answered', { topic: 'math' }));
    feed(ev('qa.answered', { topic: 'math' }));
    feed(ev('qa.answered', { topic: 'art' }, { occurredAt: '2026-11-24T18:00:00Z' })); // 01:00 on the 25th, local
    feed(ev('qa.answered', { topic: 'music' }, { occurredAt: '2026-11-30T03:00:00Z' })); // the next week
    feed(ev('practice.done', { minutes: 25 }));
    feed(ev('practice.done', { minutes: 'ten' })); // not a number: does not move the sum
    feed(ev('user.followed', { followed: 'cat' }, { userId: 'ben' }));
    feed(ev('user.followed', { followed: 'cat' }, { userId: 'ben' })); // a re-follow is not a new follower
    feed(ev('user.followed', { followed: 'cat' }, { userId: 'dan' }));

    expect(store.get('ann', 'metric/answers/2026-11-23')).toMatchObject({ value: 3, reached: [2] });
    expect(store.get('ann', 'metric/answers/2026-11-30')).toMatchObject({ value: 1, reached: [] });
    expect(store.get('ann', 'metric/minutes/all')).toMatchObject({ value: 25 });
    expect(store.get('ann', 'metric/topics/all')).toMatchObject({ value: 3, seen: ['math', 'art', 'music'], reached: [3] });
    expect(store.get('ann', 'metric/days/all')).toMatchObject({ value: 3, seen: ['2026-11-23', '2026-11-25', '2026-11-30'] });
    expect(store.get('cat', 'metric/followers/all')).toMatchObject({ value: 2 });
    expect(outcomes).toEqual(['answers@2', 'topics@3']);
    expect(xp).toBe(40);
  });

  it('locks the keys an event moves, and nothing for an event that does not move a metric', () => {
    expect(progressKeys(pack, ev('qa.answered', { topic: 'x' })).map((k) => k.key).sort()).toEqual(['metric/answers/2026-11-23', 'metric/days/all', 'metric/topics/all']);
    expect(progressKeys(pack, ev('practice.done', {})).map((k) => k.key)).toEqual(['metric/days/all']);
  });

  it('refuses a sum or distinct without a value, a count with one, and a sum over the day', () => {
    const bad = (m: string) => () => parsePack(`tenant: d\nversion: 1\nname: D\nschemaNamespace: d\ncurrencies: [{ id: xp }]\nrules: []\nmetrics:\n  - ${m}\n`);
    expect(bad('{ id: s, name: S, kind: sum, on: a.b }')).toThrow(/\/metrics\/0/);
    expect(bad('{ id: c, name: C, kind: count, on: a.b, value: payload.x }')).toThrow(/\/metrics\/0\/value a count counts events/);
    expect(bad('{ id: s, name: S, kind: sum, on: a.b, value: day }')).toThrow(/\/metrics\/0\/value a sum needs a numeric field/);
  });
});
