import type { CanonicalEnvelope } from '@questline/contracts';
import { canonicalEnvelope } from '@questline/testing';
import { parsePack } from '../pack/parse-pack';
import { assignedMissions, calendarPeriodRange, counterKey, expireStreak, MemoryProgressStore, periodOf, periodStart, progress, progressKeys, repairStreak, streakKey, streakRuns, streakView, type StreakState } from './index';

const pack = parsePack(`
tenant: demo
version: 3
name: Demo
timezone: Asia/Ho_Chi_Minh
schemaNamespace: demo
currencies: [{ id: xp }, { id: points }]
conversions: [{ from: xp, to: points, rate: 0.5 }]
rules: []
streaks:
  - id: daily
    name: Daily activity
    on: "whatsapp.*"
    period: day
    maxFreezes: 1
    milestones:
      - { length: 3, reward: { currency: xp, amount: 20 }, freezes: 1 }
      - { length: 7, reward: { currency: xp, amount: 50 } }
    repair: { withinPeriods: 2 }
  - id: weekly
    name: Weekly practice
    on: practice.done
    period: week
    grace: 1
    milestones: [{ length: 2, reward: { currency: xp, amount: 5 } }]
missions:
  perDay: 2
  pool:
    - { id: send_messages, name: Send 3 messages, steps: [{ id: sent, on: whatsapp.message.sent, target: 3 }], reward: { currency: xp, amount: 50 } }
    - { id: react, name: React twice, steps: [{ id: reacted, on: whatsapp.reaction.added, target: 2 }], reward: { currency: xp, amount: 10 } }
    - { id: reply, name: Reply once, steps: [{ id: replied, on: whatsapp.reply.sent, target: 1 }], reward: { currency: xp, amount: 10 } }
quests:
  - id: onboarding
    name: Get started
    ordered: true
    deadlineDays: 7
    steps:
      - { id: profile, on: profile.completed, target: 1 }
      - { id: minutes, on: practice.done, target: 30, by: { expr: { var: payload.minutes } } }
    reward: { currency: xp, amount: 100 }
counters:
  - id: followers
    name: Followers
    to: payload.followed_user_id
    steps: [{ on: social.user.followed, by: 1 }, { on: social.user.unfollowed, by: -1 }]
    milestones: [{ at: 2, reward: { currency: xp, amount: 20 } }, { at: 3 }]
`);

const tz = 'Asia/Ho_Chi_Minh';
let seq = 0;
/** An event at local noon `day` days after 2026-11-01 in the tenant's zone. */
const at = (day: number, type: string, over: Partial<CanonicalEnvelope> = {}) =>
  canonicalEnvelope({ id: `e${++seq}`, type, occurredAt: new Date(periodStart(periodOf(Date.parse('2026-11-01T05:00:00Z'), 'day', tz) + day, 'day', tz) + 12 * 3600_000).toISOString(), ...over });

const run = (store: MemoryProgressStore, events: CanonicalEnvelope[]) => events.map((e) => progress(pack, e, store));
const all = (results: ReturnType<typeof run>) => ({ awards: results.flatMap((r) => r.awards), outcomes: results.flatMap((r) => r.outcomes) });
const streakDef = pack.streaks[0]!;

describe('periods', () => {
  it('numbers local days and weeks consecutively, in the zone', () => {
    // 2026-11-23 23:30 in Ho Chi Minh is still the 23rd there but the 23rd 16:30 UTC.
    const d = periodOf(Date.parse('2026-11-23T16:30:00Z'), 'day', tz);
    expect(periodOf(Date.parse('2026-11-23T17:30:00Z'), 'day', tz)).toBe(d + 1); // 00:30 on the 24th locally
    expect(new Date(periodStart(d + 1, 'day', tz)).toISOString()).toBe('2026-11-23T17:00:00.000Z');
    // 2026-11-23 is a Monday: weeks (Monday start) change between Sunday and Monday.
    expect(periodOf(Date.parse('2026-11-23T05:00:00Z'), 'week', 'UTC')).toBe(periodOf(Date.parse('2026-11-22T05:00:00Z'), 'week', 'UTC') + 1);
    expect(periodOf(Date.parse('2026-11-22T05:00:00Z'), 'week', 'UTC', 7)).toBe(periodOf(Date.parse('2026-11-23T05:00:00Z'), 'week', 'UTC', 7));
  });
});

describe('calendar periods by label (re-scoring "last week")', () => {
  it('reads d/w/m labels in the zone, across a DST change; a week must start on weekStart', () => {
    const iso = (r: ReturnType<typeof calendarPeriodRange>) => (typeof r === 'string' ? r : [r.from.toISOString(), r.to.toISOString()]);
    expect(iso(calendarPeriodRange('w2026-11-23', 'Europe/Berlin'))).toEqual(['2026-11-22T23:00:00.000Z', '2026-11-29T23:00:00.000Z']);
    // The week of 2026-10-25 (Berlin leaves summer time): 7 local days, 169 hours.
    expect(iso(calendarPeriodRange('w2026-10-19', 'Europe/Berlin'))).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(iso(calendarPeriodRange('d2026-11-23', 'Asia/Ho_Chi_Minh'))).toEqual(['2026-11-22T17:00:00.000Z', '2026-11-23T17:00:00.000Z']);
    expect(iso(calendarPeriodRange('m2026-02', 'UTC'))).toEqual(['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
    expect(iso(calendarPeriodRange('w2026-11-22', 'UTC', 7))).toEqual(['2026-11-22T00:00:00.000Z', '2026-11-29T00:00:00.000Z']); // Sunday weeks
    expect(calendarPeriodRange('w2026-11-24', 'UTC')).toMatch(/not the first day of a week .*use w2026-11-23$/);
    expect(calendarPeriodRange('d2026-02-30', 'UTC')).toMatch(/not a date/);
    expect(calendarPeriodRange('2026-11-23', 'UTC')).toMatch(/^must be/);
  });
});

describe('streaks', () => {
  it('counts consecutive days once each and pays each milestone once (seed 004: bonus XP), with conversions', () => {
    const store = new MemoryProgressStore();
    const r = all(run(store, [0, 0, 1, 2, 2, 3].map((d) => at(d, 'whatsapp.message.sent'))));
    expect(r.outcomes.filter((o) => o.type.startsWith('streak.')).map((o) => `${o.type}:${o.data['streak_day'] ?? o.data['milestone']}`)).toEqual([
      'streak.started:1',
      'streak.continued:2',
      'streak.continued:3',
      'streak.milestone:3',
      'streak.continued:4',
    ]);
    expect(r.awards.map((a) => `${a.ruleId}:${a.currency}:${a.amount}`)).toEqual(['streak:daily:xp:20', 'streak:daily:points:10']);
    const state = store.get<StreakState>('bob', streakKey(streakDef))!;
    expect(state.freezes).toBe(1);
    expect(streakView(pack, streakDef, state, Date.parse(at(3, 'x').occurredAt))).toMatchObject({ current: 4, longest: 4, freezes: 1, activeThisPeriod: true });
  });

  it('spends a freeze on a missed day, then breaks (the job), and can be repaired within the window', () => {
    const store = new MemoryProgressStore();
    run(store, [0, 1, 2].map((d) => at(d, 'whatsapp.message.sent')));
    let state = store.get<StreakState>('bob', streakKey(streakDef))!;
    expect(state.freezes).toBe(1);
    // Day 3 missed: on day 4 the job spends the freeze; day 4 missed too: on day 5 it breaks.
    let step = expireStreak(pack, streakDef, 'bob', state, Date.parse(at(4, 'x').occurredAt));
    expect(step.outcomes.map((o) => o.type)).toEqual(['streak.freeze_used']);
    state = step.state;
    step = expireStreak(pack, streakDef, 'bob', state, Date.parse(at(5, 'x').occurredAt));
    expect(step.outcomes).toEqual([expect.objectContaining({ type: 'streak.broken', data: expect.objectContaining({ previous_streak: 3 }) })]);
    expect(step.dueAt).toBeNull();
    // Announced once: the job running again says nothing.
    expect(expireStreak(pack, streakDef, 'bob', step.state, Date.parse(at(6, 'x').occurredAt)).outcomes).toEqual([]);
    expect(streakView(pack, streakDef, step.state, Date.parse(at(5, 'x').occurredAt))).toMatchObject({ current: 0, longest: 3, broken: { previousStreak: 3 } });
    // Repair on day 6 (within 2 days of the break on day 4) joins the runs.
    const repaired = repairStreak(pack, streakDef, 'bob', step.state, Date.parse(at(6, 'x').occurredAt));
    if ('refused' in repaired) throw new Error(repaired.refused);
    expect(repaired.outcomes[0]).toMatchObject({ type: 'streak.repaired', data: { streak_day: 3 } });
    store.set('bob', streakKey(streakDef), repaired.state);
    const next = all(run(store, [at(6, 'whatsapp.reply.sent')]));
    expect(next.outcomes.find((o) => o.type === 'streak.continued')?.data['streak_day']).toBe(4);
    // Too late to repair a break four days old.
    expect(repairStreak(pack, streakDef, 'bob', step.state, Date.parse(at(8, 'x').occurredAt))).toEqual({ refused: 'the break is older than 2 day(s)' });
  });

  it('freezeEvery: one freeze per 7 days of a run, for as long as it lasts, up to maxFreezes, once per run (a late event changes nothing)', () => {
    const source = `
tenant: demo
version: 1
name: Demo
timezone: Asia/Ho_Chi_Minh
schemaNamespace: demo
currencies: [{ id: xp }]
rules: []
streaks:
  - { id: daily, name: Daily, on: "whatsapp.*", period: day, maxFreezes: 2, freezeEvery: 7 }
`;
    const weekly = parsePack(source);
    const def = weekly.streaks[0]!;
    const freezesAfter = (days: number[]) => {
      const store = new MemoryProgressStore();
      for (const d of days) progress(weekly, at(d, 'whatsapp.message.sent'), store);
      return store.get<StreakState>('bob', streakKey(def))!.freezes;
    };
    const days = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect([6, 7, 13, 14, 28].map((n) => freezesAfter(days(n)))).toEqual([0, 1, 1, 2, 2]); // capped at maxFreezes
    // Activity twice a day, or days arriving out of order, earns the same.
    expect(freezesAfter([...days(14), ...days(14)])).toBe(2);
    expect(freezesAfter([...days(14)].reverse())).toBe(2);
    // A freeze spent on day 14 (missed), then seven more days: one more, earned once.
    expect(freezesAfter([...days(14), ...Array.from({ length: 7 }, (_, i) => 15 + i)])).toBe(2);
    // Without maxFreezes it would earn nothing: refused with a pointer.
    expect(() => parsePack(source.replace('maxFreezes: 2, ', ''))).toThrow(new RegExp('/streaks/0/freezeEvery earns nothing while maxFreezes is 0'));
  });

  it('activity after a missed day spends a held freeze, as the job would have', () => {
    const store = new MemoryProgressStore();
    const r = all(run(store, [0, 1, 2, 4].map((d) => at(d, 'whatsapp.message.sent'))));
    expect(r.outcomes.filter((o) => o.type.startsWith('streak.') && o.type !== 'streak.milestone').slice(-2).map((o) => `${o.type}:${o.data['streak_day']}`)).toEqual(['streak.freeze_used:3', 'streak.continued:4']);
    expect(store.get<StreakState>('bob', streakKey(streakDef))!.freezes).toBe(0);
  });

  it('an event that arrives late joins the run it belongs to', () => {
    const inOrder = new MemoryProgressStore();
    run(inOrder, [0, 1, 2, 3, 4].map((d) => at(d, 'whatsapp.message.sent')));
    const late = new MemoryProgressStore();
    run(late, [0, 1, 3, 4, 2].map((d) => at(d, 'whatsapp.message.sent')));
    const runsOf = (s: MemoryProgressStore) => streakRuns(s.get<StreakState>('bob', streakKey(streakDef))!, streakDef);
    expect(runsOf(late)).toEqual(runsOf(inOrder));
    expect(runsOf(late)).toEqual([{ start: expect.any(Number), end: expect.any(Number), length: 5 }]);
  });

  it("a late event that moves a paid run's start back, or joins two paid runs, pays no milestone again", () => {
    const store = new MemoryProgressStore();
    // Days 1-3 pay the 3-day milestone; day 0 arrives late: the run is days 0-3, already paid.
    const paidBefore = all(run(store, [1, 2, 3, 0].map((d) => at(d, 'whatsapp.message.sent')))).awards.filter((a) => a.currency === 'xp');
    expect(paidBefore.map((a) => a.amount)).toEqual([20]);
    // Days 6-8 (the milestone's freeze covers day 4, day 5 breaks the run) pay it again: a new run.
    // Day 5 arrives late and joins both: one run of 8 active days, paid 7 now and nothing for 3 again.
    const joined = all(run(store, [6, 7, 8, 5].map((d) => at(d, 'whatsapp.message.sent')))).awards.filter((a) => a.currency === 'xp');
    expect(joined.map((a) => a.amount)).toEqual([20, 50]);
  });

  it('weekly streaks tolerate `grace` missed weeks', () => {
    const store = new MemoryProgressStore();
    const r = all(run(store, [0, 14].map((d) => at(d, 'practice.done', { payload: { minutes: 1 } }))));
    expect(r.outcomes.filter((o) => o.subject === 'weekly').map((o) => `${o.type}:${o.data['streak_day'] ?? o.data['milestone']}`)).toEqual(['streak.started:1', 'streak.continued:2', 'streak.milestone:2']);
    expect(all(run(store, [at(42, 'practice.done', { payload: { minutes: 1 } })])).outcomes.filter((o) => o.subject === 'weekly')[0]).toMatchObject({ type: 'streak.started' });
  });
});

describe('missions', () => {
  it('assigns perDay missions of the pool per user and day, deterministically', () => {
    const day = periodOf(Date.parse('2026-11-23T05:00:00Z'), 'day', tz);
    expect(assignedMissions(pack, 'bob', day).map((m) => m.id)).toEqual(assignedMissions(pack, 'bob', day).map((m) => m.id));
    expect(assignedMissions(pack, 'bob', day)).toHaveLength(2);
    const days = new Set(Array.from({ length: 30 }, (_, i) => assignedMissions(pack, 'bob', day + i).map((m) => m.id).join(',')));
    expect(days.size).toBeGreaterThan(1);
  });

  it('announces the day, completes an assigned mission once, and reports what remains (seed 004)', () => {
    let d = 0;
    while (!assignedMissions(pack, 'bob', periodOf(Date.parse(at(d, 'x').occurredAt), 'day', tz)).some((m) => m.id === 'send_messages')) d++;
    const store = new MemoryProgressStore();
    const r = all(run(store, Array.from({ length: 5 }, () => at(d, 'whatsapp.message.sent'))));
    expect(r.outcomes.filter((o) => o.type === 'mission.assigned')).toHaveLength(1);
    const done = r.outcomes.filter((o) => o.type === 'mission.completed');
    expect(done).toEqual([expect.objectContaining({ subject: 'send_messages', data: expect.objectContaining({ mission_type: 'send_messages', xp_awarded: 50, missions_remaining: 1 }) })]);
    expect(r.awards.filter((a) => a.ruleId === 'mission:send_messages').map((a) => a.amount)).toEqual([50, 25]);
  });
});

describe('quests', () => {
  it('ordered steps: later steps only count after earlier ones; computed progress; reward once', () => {
    const store = new MemoryProgressStore();
    const r = all(
      run(store, [
        at(0, 'practice.done', { payload: { minutes: 20 } }), // does not count: profile first
        at(0, 'profile.completed'),
        at(1, 'practice.done', { payload: { minutes: 20 } }),
        at(2, 'practice.done', { payload: { minutes: 20 } }), // 40 → capped at 30, completes
        at(3, 'practice.done', { payload: { minutes: 20 } }),
      ]),
    );
    expect(r.outcomes.filter((o) => o.subject === 'onboarding').map((o) => o.type)).toEqual(['quest.step_completed', 'quest.step_completed', 'quest.completed']);
    expect(r.awards.filter((a) => a.ruleId === 'quest:onboarding' && a.currency === 'xp').map((a) => a.amount)).toEqual([100]);
  });

  it('expires after its deadline counted from the first progress', () => {
    const store = new MemoryProgressStore();
    const r = all(run(store, [at(0, 'profile.completed'), at(9, 'practice.done', { payload: { minutes: 40 } })]));
    expect(r.outcomes.filter((o) => o.subject === 'onboarding').map((o) => o.type)).toEqual(['quest.step_completed', 'quest.expired']);
    expect(r.awards.filter((a) => a.ruleId === 'quest:onboarding')).toEqual([]);
  });
});

describe('counters', () => {
  it('credits the user named in the payload; milestones pay once even after an unfollow and a refollow (seed 001)', () => {
    const store = new MemoryProgressStore();
    const follow = (by: string, type = 'social.user.followed') => at(0, type, { userId: by, payload: { follower_id: by, followed_user_id: 'star' } });
    const r = all(run(store, [follow('a'), follow('b'), follow('b', 'social.user.unfollowed'), follow('b'), follow('c')]));
    expect(r.outcomes.filter((o) => o.type === 'counter.milestone').map((o) => o.data['milestone'])).toEqual([2, 3]);
    expect(r.awards.filter((a) => a.currency === 'xp')).toEqual([expect.objectContaining({ userId: 'star', ruleId: 'counter:followers', amount: 20 })]);
    expect(store.get('star', counterKey(pack.counters[0]!))).toEqual({ value: 3, reached: [2, 3] });
  });

  it('progressKeys names every entry progress() touches', () => {
    const events = [at(0, 'whatsapp.message.sent'), at(0, 'practice.done', { payload: { minutes: 5 } }), at(0, 'social.user.followed', { payload: { followed_user_id: 'star' } })];
    for (const e of events) {
      const store = new MemoryProgressStore();
      progress(pack, e, store);
      const keys = new Set(progressKeys(pack, e).map((k) => `${k.userId}|${k.key}`));
      for (const c of store.changed()) expect(keys).toContain(`${c.userId}|${c.key}`);
    }
  });
});
