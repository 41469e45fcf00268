import type { CanonicalEnvelope } from '@questline/contracts';
import { canonicalEnvelope } from '@questline/testing';
import { parsePack } from '../pack/parse-pack';
import { MemoryProgressStore, progressKeys } from '../progress';
import { badgeProgress } from './badges';
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
    expect(bad('{ ">": [{ var: user.level }, 3] }')).toThrow(/user\.level: the pack declares no levels/);
    expect(bad('{ ">": [{ var: user.lifetime.gold }, 3] }')).toThrow(/\/rules\/0\/if unknown currency "gold"/);
    expect(bad('{ in: [b, { var: user.badges }] }')).toThrow(/user\.badges: the pack declares no achievements or levels/);
    expect(bad('{ ">": [{ var: user.karma }, 3] }')).toThrow(/"user\.karma" is not user state the platform keeps/);
  });
});

describe('conditions on the level, lifetime earned and badges', () => {
  const leveled = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }, { id: coins }]
levels: { currency: xp, thresholds: [0, 20, 40] }
rules:
  - id: answer
    on: qa.answered
    award: { currency: xp, amount: 10 }
  - id: veteran
    on: qa.answered
    if: { ">=": [{ var: user.level }, 2] }
    award: { currency: coins, amount: 1 }
  - id: wide
    on: qa.answered
    if: { in: [polymath, { var: user.badges }] }
    award: { currency: coins, amount: { expr: { "+": [{ var: user.lifetime.xp }, 0] } } }
metrics:
  - { id: topics, name: Topics, kind: distinct, on: qa.answered, value: payload.topic }
achievements:
  - { id: polymath, name: Polymath, when: { metric: topics, atLeast: 3 } }
  - { id: rich, name: Rich, when: { currency: coins, lifetimeAtLeast: 1 } }
`);

  it('read what the user\'s earlier decisions credited: level 2 from the third event, the metric badge after the third topic', () => {
    const store = new MemoryProgressStore();
    const events = ['a', 'b', 'c', 'd', 'e'].map((t, i) => ev(t, i));
    const decided = decideBatch(leveled, events, new MemoryRuleHistory(), store);
    expect(events.map((e) => decided.get(e.id)!.awards.map((a) => `${a.ruleId}:${a.currency}:${a.amount}`))).toEqual([
      ['answer:xp:10'], // xp 0: level 1
      ['answer:xp:10'], // xp 10: level 1
      ['answer:xp:10', 'veteran:coins:1'], // xp 20: level 2; the third topic reaches polymath after this decision
      ['answer:xp:10', 'veteran:coins:1', 'wide:coins:30'], // polymath held, lifetime xp 30
      ['answer:xp:10', 'veteran:coins:1', 'wide:coins:40'],
    ]);
    // xp for the level, coins for the lifetime badge `rich` (user.badges reads it).
    expect(store.get('ann', 'earned')).toEqual({ lifetime: { xp: 50, coins: 73 }, net: { xp: 50, coins: 73 }, badges: ['polymath'] });
  });

  it('locks the earned entry of everyone the event can credit, and keeps none where no rule reads it', () => {
    const earned = (keys: { userId: string; key: string }[]) => [...new Set(keys.filter((k) => k.key === 'earned').map((k) => k.userId))];
    expect(earned(progressKeys(leveled, ev('x', 0)))).toEqual(['ann']);
    const gift = { ...ev('x', 0), type: 'qa.thanked', payload: { to: 'ben' } };
    const gifting = parsePack(`tenant: d\nversion: 1\nname: D\nschemaNamespace: d\ncurrencies: [{ id: xp }]\nlevels: { currency: xp, thresholds: [0, 5] }\nrules:\n  - { id: t, on: qa.thanked, award: { currency: xp, amount: 5, to: payload.to } }\n  - { id: v, on: qa.answered, if: { ">=": [{ var: user.level }, 2] }, award: { currency: xp, amount: 1 } }\n`);
    expect(earned(progressKeys(gifting, gift)).sort()).toEqual(['ann', 'ben']);
    expect(earned(progressKeys(pack, ev('x', 0)))).toEqual([]);
    const store = new MemoryProgressStore();
    decideBatch(pack, [ev('x', 0)], new MemoryRuleHistory(), store);
    expect(store.get('ann', 'earned')).toBeUndefined();
  });
});

describe('badges on streaks, quests and levels', () => {
  const pack3 = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }, { id: gems }]
levels: { currency: xp, thresholds: [0, 30] }
rules:
  - { id: answer, on: qa.answered, award: { currency: xp, amount: 10 } }
  - { id: keen, on: qa.answered, if: { in: [three-days, { var: user.badges }] }, award: { currency: gems, amount: 1 } }
  - { id: pro, on: qa.answered, if: { in: [grown-up, { var: user.badges }] }, award: { currency: gems, amount: 2 } }
streaks:
  - { id: daily, name: Daily, on: qa.answered, period: day }
quests:
  - { id: starter, name: Starter, steps: [{ id: a, on: qa.answered, target: 2 }] }
achievements:
  - { id: three-days, name: Three days, when: { streak: daily, atLeast: 3 } }
  - { id: grown-up, name: Grown up, when: { level: 2 } }
  - { id: started, name: Started, secret: true, when: { quest: starter } }
`);

  it('a streak badge is held from the decision after the streak reaches it; a level badge from the level', () => {
    const store = new MemoryProgressStore();
    const events = [0, 1, 2, 3].map((d) => ev('t', d));
    const decided = decideBatch(pack3, events, new MemoryRuleHistory(), store);
    expect(events.map((e) => decided.get(e.id)!.awards.map((a) => a.ruleId))).toEqual([
      ['answer'],
      ['answer'],
      ['answer'], // the third day reaches three-days after this decision
      ['answer', 'keen', 'pro'], // 30 xp: level 2
    ]);
    expect(store.get<{ badges: string[] }>('ann', 'earned')!.badges.sort()).toEqual(['started', 'three-days']);
  });

  it('refuses a badge on an unknown streak, quest or mission, or on a level without levels', () => {
    const bad = (when: string) => () =>
      parsePack(`tenant: d\nversion: 1\nname: D\nschemaNamespace: d\ncurrencies: [{ id: xp }]\nrules: []\nachievements:\n  - { id: b, name: B, when: ${when} }\n`);
    expect(bad('{ streak: nope, atLeast: 3 }')).toThrow(/\/achievements\/0\/when\/streak no streak "nope" in the pack/);
    expect(bad('{ quest: nope }')).toThrow(/no quest "nope"/);
    expect(bad('{ mission: nope }')).toThrow(/no mission "nope"/);
    expect(bad('{ level: 3 }')).toThrow(/the pack declares no levels/);
    expect(bad('{ leaderboard: nope, window: weekly, top: 1 }')).toThrow(/no leaderboard "nope"/);
    const boards = (when: string) => () =>
      parsePack(`tenant: d\nversion: 1\nname: D\nschemaNamespace: d\ncurrencies: [{ id: xp }]\nrules: []\nleaderboards: [{ id: xp, currency: xp }]\nachievements:\n  - { id: b, name: B, when: ${when} }\n`);
    expect(boards('{ leaderboard: xp, window: weekly, top: 1 }')).toThrow(/leaderboard "xp" keeps no weekly window/);
  });
});

describe('badge progress', () => {
  const pack4 = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
levels: { currency: xp, thresholds: [0, 100, 300] }
rules: []
metrics:
  - { id: topics, name: Topics, kind: distinct, on: qa.answered, value: payload.topic, per: week }
quests:
  - { id: starter, name: Starter, steps: [{ id: a, on: qa.answered, target: 2 }, { id: b, on: qa.asked, target: 1 }] }
achievements:
  - { id: rich, name: Rich, when: { currency: xp, lifetimeAtLeast: 500 } }
  - { id: senior, name: Senior, when: { level: 3 } }
  - { id: curious, name: Curious, when: { metric: topics, atLeast: 4 } }
  - { id: started, name: Started, when: { quest: starter } }
`);
  const progress = new Map<string, unknown>([
    ['metric/topics/2026-11-16', { value: 3, seen: ['a', 'b', 'c'], reached: [] }],
    ['metric/topics/2026-11-23', { value: 1, seen: ['a'], reached: [] }],
    ['quest/starter/once', { steps: { a: 2 } }],
  ]);
  const inputs = { lifetime: () => 150, level: 2, progress, nowMs: Date.parse('2026-11-25T00:00:00Z') };

  it('reads each criterion in its own unit: balance, level, the best period of a metric, quest steps done', () => {
    expect(pack4.achievements.map((a) => [a.id, badgeProgress(pack4, a, inputs)])).toEqual([
      ['rich', { current: 150, target: 500 }],
      ['senior', { current: 2, target: 3 }],
      ['curious', { current: 3, target: 4 }],
      ['started', { current: 1, target: 2 }],
    ]);
  });
});

describe('combinations, windows and repeats', () => {
  const pack5 = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }, { id: gems }]
levels: { currency: xp, thresholds: [0, 20] }
rules:
  - { id: answer, on: qa.answered, award: { currency: xp, amount: 10 } }
  - { id: both, on: qa.answered, if: { in: [all-round, { var: user.badges }] }, award: { currency: gems, amount: 1 } }
  - { id: either, on: qa.answered, if: { in: [one-of, { var: user.badges }] }, award: { currency: gems, amount: 2 } }
  - { id: festival, on: qa.answered, if: { in: [fest, { var: user.badges }] }, award: { currency: gems, amount: 4 } }
metrics:
  - { id: topics, name: Topics, kind: distinct, on: qa.answered, value: payload.topic }
streaks:
  - { id: daily, name: Daily, on: qa.answered, period: day }
achievements:
  - { id: all-round, name: All-round, when: { all: [{ metric: topics, atLeast: 2 }, { streak: daily, atLeast: 3 }] } }
  - { id: one-of, name: One of, when: { any: [{ level: 2 }, { metric: topics, atLeast: 5 }] } }
  - { id: fest, name: Festival, availableFrom: '2026-11-22T00:00:00Z', availableUntil: '2026-11-23T00:00:00Z', when: { streak: daily, atLeast: 1 } }
`);

  it('`all` holds once every part has, `any` once one has; a time-limited badge only from an event inside its window', () => {
    const store = new MemoryProgressStore();
    const events = [ev('math', 0), ev('art', 1), ev('art', 2), ev('art', 3)];
    const decided = decideBatch(pack5, events, new MemoryRuleHistory(), store);
    expect(events.map((e) => decided.get(e.id)!.awards.map((a) => a.ruleId))).toEqual([
      ['answer'],
      ['answer'], // 20 xp after this one: level 2, so `one-of` holds from the next decision
      ['answer', 'either'], // the streak reaches 3 and topics is 2 with this one: `all-round` from the next; day 22 is the festival
      ['answer', 'both', 'either', 'festival'],
    ]);
    const earned = store.get<{ badges: string[] }>('ann', 'earned')!.badges;
    expect(earned).toContain('fest');
  });

  it('a time-limited badge is not reached by an event outside its window', () => {
    const store = new MemoryProgressStore();
    const events = [ev('math', 0), ev('art', 1), ev('art', 4)]; // days 20, 21 and 24: the streak restarts outside the window
    decideBatch(pack5, events, new MemoryRuleHistory(), store);
    expect(store.get<{ badges: string[] }>('ann', 'earned')!.badges).not.toContain('fest');
  });

  it('progress of a combination counts its parts met, each part in its own unit', () => {
    const inputs = { lifetime: () => 10, level: 1, progress: new Map<string, unknown>([['metric/topics/all', { value: 2, seen: ['a', 'b'], reached: [] }]]), nowMs: Date.parse('2026-11-25T00:00:00Z') };
    const [allRound, oneOf] = pack5.achievements;
    expect(badgeProgress(pack5, allRound!, inputs)).toEqual({ current: 1, target: 2, parts: [{ current: 2, target: 2 }, { current: 0, target: 3 }] });
    // A part the outcome being handled reached counts as met, whatever the standing says now.
    expect(badgeProgress(pack5, allRound!, inputs, [1])).toEqual({ current: 2, target: 2, parts: [{ current: 2, target: 2 }, { current: 3, target: 3 }] });
    expect(badgeProgress(pack5, oneOf!, inputs)).toEqual({ current: 0, target: 1, parts: [{ current: 1, target: 2 }, { current: 2, target: 5 }] });
  });

  it('refuses what cannot work: a repeat of a one-off criterion, a claw-back without a reward, a window that ends first, a loss nothing can cause, half a points reward', () => {
    const pack = (extra: string) => () =>
      parsePack(
        `tenant: d\nversion: 1\nname: D\nschemaNamespace: d\ncurrencies: [{ id: xp }]\nlevels: { currency: xp, thresholds: [0, 10] }\nrules: []\nmetrics: [{ id: m, name: M, kind: count, on: a.b }, { id: w, name: W, kind: count, on: a.b, per: week }]\nachievements:\n  - ${extra}\n`,
      );
    expect(pack('{ id: b, name: B, repeatable: true, when: { metric: m, atLeast: 2 } }')).toThrow(/\/achievements\/0\/repeatable only a criterion that happens again/);
    expect(pack('{ id: b, name: B, repeatable: true, when: { metric: w, atLeast: 2 } }')).not.toThrow();
    expect(pack('{ id: b, name: B, onRevoke: clawback, when: { level: 2 } }')).toThrow(/clawback takes back a reward/);
    expect(pack("{ id: b, name: B, availableFrom: '2026-12-02T00:00:00Z', availableUntil: '2026-12-01T00:00:00Z', when: { level: 2 } }")).toThrow(/availableUntil must be after availableFrom/);
    expect(pack('{ id: b, name: B, revokeWhenLost: true, when: { metric: m, atLeast: 2 } }')).toThrow(/only a balance or level criterion can be lost/);
    expect(pack('{ id: b, name: B, reward: { currency: xp }, when: { level: 2 } }')).toThrow(/\/achievements\/0\/reward/);
    expect(pack('{ id: b, name: B, when: { all: [{ metric: nope, atLeast: 1 }, { level: 2 }] } }')).toThrow(/\/achievements\/0\/when\/all\/0\/metric no metric "nope"/);
    expect(pack('{ id: b, name: B, when: { any: [{ leaderboard: x, window: weekly, top: 1 }, { level: 2 }] } }')).toThrow(/achievements\/0\/when/);
  });
});
