import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignedMissions, parsePack, periodOf } from '@questline/rules';
import { api, eventually, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(240_000);

const DAY = 86_400_000;

/**
 * Streaks, missions, quests and counters through the real app (standalone, embedded defaults),
 * with the seeds' own packs: Unofficial Communities (seed 004), TekTree (seed 001) and the
 * Engagement Platform (seed 000).
 */
describe('progress: streaks, missions, quests, counters (seeds 000, 001, 004)', () => {
  const tenants = new TestTenants();
  const uc = tenants.newTenant('unofficial');
  const tek = tenants.newTenant('tektree');
  const eng = tenants.newTenant('engagement');
  // Seed 004's pack where levels can go down, with a penalty for being removed from a community.
  const down = tenants.newTenant('unofficial', (t) =>
    t
      .replace('thresholds: [0, 100, 300, 700, 1500, 3000, 6000]', 'thresholds: [0, 100, 300, 700, 1500, 3000, 6000]\n  allowDown: true')
      .replace('rules:\n', 'rules:\n  - id: member-removed\n    on: community.member.removed\n    award: { currency: xp, amount: -50, to: subject }\n'),
  );
  const ucPack = parsePack(readFileSync(join(tenants.packsDir, uc, 'pack.yaml'), 'utf8'));
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir, { STREAK_SWEEP_INTERVAL_MS: '300' });
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  const ev = (type: string, userId: string, payload: Record<string, unknown>, occurredAt = new Date()) => ({
    type,
    userId,
    idempotencyKey: uniqueId('k'),
    occurredAt: occurredAt.toISOString(),
    payload,
  });
  // WhatsApp activity needs the user's explicit consent (seed 004): the product sends it with the event.
  const message = (userId: string, at = new Date()) => ({ ...ev('whatsapp.message.sent', userId, { community_id: 1, timestamp_bucket: at.toISOString().slice(0, 10) }, at), meta: { consents: { whatsapp_activity: true } } });
  const send = async (tenant: string, events: unknown[]) => {
    const res = await api(app.url, tenant).post('/v1/events/batch', { events });
    expect(res.body).toMatchObject({ accepted: events.length, rejected: 0 });
    return res.body.results as { id: string }[];
  };
  const balance = (tenant: string, user: string, currency: string, lifetime: number) =>
    eventually(() => api(app.url, tenant).get(`/v1/users/${user}/profile`), (r) => r.body?.balances?.[currency]?.lifetime === lifetime, { what: `${user} at ${lifetime} ${currency}`, timeoutMs: 30_000 });
  const notifications = (tenant: string, user: string, kind: string) =>
    eventually(() => api(app.url, tenant).get(`/v1/users/${user}/notifications`), (r) => (r.body?.notifications ?? []).some((n: { kind: string }) => n.kind === kind), { what: `${user}: ${kind}` });

  it('seed 004: a daily mission (send_messages, 50 XP) completes once, with missions_remaining, and shows in progress', async () => {
    // Missions are assigned per user and day; pick a user who has send_messages today.
    const today = periodOf(Date.now(), 'day', ucPack.timezone);
    let user = '';
    do user = uniqueId('m'); while (!assignedMissions(ucPack, user, today).some((m) => m.id === 'send_messages'));

    await send(uc, Array.from({ length: 12 }, () => message(user)));
    // 12 messages: +1 XP each (the rule) and the mission's +50 once.
    await balance(uc, user, 'xp', 62);
    const feed = await notifications(uc, user, 'mission.completed');
    const done = feed.body.notifications.filter((n: { kind: string }) => n.kind === 'mission.completed');
    expect(done).toHaveLength(1);
    expect(done[0].data).toMatchObject({ mission_type: 'send_messages', xp_awarded: 50, missions_remaining: 2 });
    // Titled by the mission's name in the pack, not its id; "3 missions", "1 mission".
    expect(done[0].title).toBe(`Mission complete: ${ucPack.missions!.pool.find((m) => m.id === 'send_messages')!.name}`);
    const assigned = feed.body.notifications.filter((n: { kind: string }) => n.kind === 'mission.assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0].title).toBe('3 missions for today');

    const progress = (await api(app.url, uc).get(`/v1/users/${user}/progress`)).body;
    expect(progress.missions.assigned).toHaveLength(3);
    expect(progress.missions.assigned.find((m: { id: string }) => m.id === 'send_messages')).toMatchObject({ completed: true, steps: [{ id: 'messages', progress: 10, target: 10 }] });
    expect(progress.streaks[0]).toMatchObject({ id: 'daily', current: 1, activeThisPeriod: true });
    const ledger = (await api(app.url, uc).get(`/v1/users/${user}/ledger?limit=50`)).body.entries;
    expect(ledger.filter((e: { ruleId: string }) => e.ruleId === 'mission:send_messages')).toEqual([expect.objectContaining({ amount: 50, currency: 'xp' })]);

    // A back-dated event assigns the missions of its own day: the title names that day, not "today".
    await send(uc, [message(user, new Date(Date.now() - 3 * 86_400_000))]);
    const later = await eventually(
      () => api(app.url, uc).get(`/v1/users/${user}/notifications`),
      (r) => (r.body?.notifications ?? []).filter((n: { kind: string }) => n.kind === 'mission.assigned').length === 2,
      { what: 'the back-dated day\'s missions announced' },
    );
    const past = later.body.notifications.find((n: { kind: string; title: string }) => n.kind === 'mission.assigned' && n.title !== '3 missions for today');
    expect(past.title).toBe(`${past.data.mission_count} mission${past.data.mission_count === 1 ? '' : 's'} for ${past.data.date}`);
  });

  it('seed 004: a streak pays its 7-day milestone, spends a freeze, breaks (job), is repaired and continues', async () => {
    const user = uniqueId('s');
    // Eight consecutive days of activity, from 10 days ago to 3 days ago (event time).
    const days = Array.from({ length: 8 }, (_, i) => new Date(Date.now() - (10 - i) * DAY));
    await send(uc, days.map((d) => message(user, d)));
    // The job sees day -2 missed (a freeze, granted at 7 days, covers it), then day -1: broken.
    const broken = await notifications(uc, user, 'streak.broken');
    expect(broken.body.notifications.find((n: { kind: string }) => n.kind === 'streak.broken').data).toMatchObject({ previous_streak: 8 });
    const kinds = broken.body.notifications.map((n: { kind: string }) => n.kind);
    expect(kinds.filter((k: string) => k === 'streak.milestone')).toHaveLength(1);
    expect(kinds.filter((k: string) => k === 'streak.freeze_used')).toHaveLength(1);
    let streak = (await api(app.url, uc).get(`/v1/users/${user}/progress`)).body.streaks[0];
    expect(streak).toMatchObject({ current: 0, longest: 8, freezes: 0, broken: { previousStreak: 8 } });
    // 8 messages (+8) and the 7-day milestone (+50); nothing is taken back by the break.
    await balance(uc, user, 'xp', 58);

    const repaired = await api(app.url, uc).post(`/v1/users/${user}/streaks/daily/repair`);
    expect(repaired).toMatchObject({ status: 200, body: { current: 8, broken: null } });
    // Once repaired there is nothing left to repair: 409 problem+json.
    const again = await api(app.url, uc).post(`/v1/users/${user}/streaks/daily/repair`);
    expect(again).toMatchObject({ status: 409, body: { code: 'streak_not_repairable' } });
    expect((await api(app.url, uc).post(`/v1/users/${user}/streaks/nope/repair`)).status).toBe(404);

    await send(uc, [message(user)]);
    streak = (await eventually(() => api(app.url, uc).get(`/v1/users/${user}/progress`), (r) => r.body?.streaks?.[0]?.current === 9, { what: 'streak at 9' })).body.streaks[0];
    expect(streak).toMatchObject({ current: 9, longest: 9, activeThisPeriod: true });
    // The 7-day badge unlocked once (days 7, 8 and 9 all reach it), by the event of the 7th day;
    // the 30-day one not.
    // The badge comes from the streak (rules engine); the XP progress from the 9th message's credit (points,
    // then achievements): two paths, so wait for both.
    const listed = await eventually(
      () => api(app.url, uc).get(`/v1/users/${user}/achievements`),
      (r) =>
        (r.body?.achievements ?? []).some((a: { id: string }) => a.id === 'week-streak') &&
        (r.body?.inProgress ?? []).some((a: { id: string; current: number }) => a.id === 'xp-earner' && a.current === 59),
      { what: `${user}: week-streak, and 59 xp toward xp-earner` },
    );
    const badges = listed.body.achievements as { id: string; sourceEventId: string }[];
    expect(badges.filter((b) => b.id === 'week-streak')).toHaveLength(1);
    expect(badges.map((b) => b.id)).not.toContain('month-streak');
    // Progress toward the ones not unlocked: 9 of 30 days; the secret 100-day badge is not listed.
    const inProgress = listed.body.inProgress as { id: string }[];
    expect(inProgress.find((a) => a.id === 'month-streak')).toEqual({ id: 'month-streak', name: 'One-month streak', description: null, class: null, current: 9, target: 30, percent: 30 });
    expect(inProgress.map((a) => a.id)).not.toContain('hundred-days');
    expect(inProgress.map((a) => a.id)).not.toContain('week-streak');
    // A tiered badge: each tier is its own achievement with its own target (59 xp so far).
    expect(inProgress.filter((a) => a.id.startsWith('xp-earner'))).toEqual([
      expect.objectContaining({ id: 'xp-earner', current: 59, target: 100 }),
      expect.objectContaining({ id: 'xp-earner.silver', name: 'XP earner (silver)', current: 59, target: 1000 }),
      expect.objectContaining({ id: 'xp-earner.gold', current: 59, target: 10000 }),
    ]);
    // The tenant's catalogue: unlock counts and rates; a secret badge shows only that it exists.
    const catalogue = (await api(app.url, uc).get('/v1/achievements')).body;
    expect(catalogue.users).toBeGreaterThan(0);
    const entry = (id: string) => catalogue.achievements.find((a: { id: string }) => a.id === id);
    expect(entry('week-streak')).toMatchObject({ name: 'One-week streak', secret: false, criterion: { streak: 'daily', atLeast: 7 } });
    expect(entry('week-streak').unlocked).toBeGreaterThanOrEqual(1);
    expect(entry('week-streak').rate).toBeCloseTo(entry('week-streak').unlocked / catalogue.users, 3);
    expect(entry('hundred-days')).toEqual({ id: 'hundred-days', name: null, description: null, class: null, secret: true, criterion: null, repeatable: false, availableFrom: null, availableUntil: null, reward: null, unlocked: 0, rate: 0 });
  });

  it('seed 001: follower milestones (10) credit the followed user once, and the login streak counts days', async () => {
    const star = uniqueId('star');
    const follows = Array.from({ length: 11 }, () => {
      const fan = uniqueId('fan');
      return ev('social.user.followed', fan, { follower_id: fan, followed_user_id: star });
    });
    // Delivered twice: each event counts once.
    await send(tek, follows);
    expect((await api(app.url, tek).post('/v1/events/batch', { events: follows })).body).toMatchObject({ accepted: 0, duplicates: 11 });
    // A fan following again (a new event) is not a new follower: the distinct count stays at 11.
    const again = follows[0]!.payload as { follower_id: string };
    await send(tek, [ev('social.user.followed', again.follower_id, { follower_id: again.follower_id, followed_user_id: star })]);
    await balance(tek, star, 'xp', 10);
    const metrics = (await api(app.url, tek).get(`/v1/users/${star}/metrics`)).body;
    expect(metrics.metrics).toEqual([{ id: 'followers', name: 'Followers', kind: 'distinct', per: 'all', period: 'all', value: 11, reached: [10], nextMilestone: 100 }]);
    await notifications(tek, star, 'metric.milestone');
    // The badge on the metric unlocks once, caused by the follow that made the tenth follower.
    const badges = await eventually(
      () => api(app.url, tek).get(`/v1/users/${star}/achievements`),
      (r) => (r.body?.achievements ?? []).some((a: { id: string }) => a.id === 'rising-star'),
      { what: `${star}: rising-star` },
    );
    const ids = (badges.body.achievements as { id: string }[]).map((a) => a.id);
    expect(ids.filter((id) => id === 'rising-star')).toHaveLength(1);
    expect(ids).not.toContain('community-voice');
    expect((badges.body.inProgress as { id: string }[]).find((a) => a.id === 'community-voice')).toMatchObject({ current: 11, target: 100, percent: 11 });

    const user = uniqueId('login');
    await send(tek, [0, 1, 2].map((d) => ev('user.authenticated', user, { user_id: user }, new Date(Date.now() - (2 - d) * DAY))));
    const streak = await eventually(() => api(app.url, tek).get(`/v1/users/${user}/progress`), (r) => r.body?.streaks?.[0]?.current === 3, { what: 'login streak at 3' });
    expect(streak.body.streaks[0]).toMatchObject({ id: 'daily-login', current: 3, activeThisPeriod: true });
  });

  it('seed 000: multi-axis practice points, vocab_care_points and learning_points with conversions; gate 1; the word-count quest', async () => {
    const user = uniqueId('learner');
    let t = Date.now() - 60_000; // one event per second, in order (the quest's steps are ordered)
    const next = () => new Date((t += 1000));
    const scored = (axis: string, value: number, anti = 'passed') =>
      ev('practice_axis_scored_event', user, { axis_type: axis, axis_value: value, qualified_activity_count: 1, effective_learning_minutes: 5, normalized_score_profile_id: 'p1', anti_cheat_status: anti }, next());
    const computed = (type: string, value: number, minutes: number) =>
      ev(type, user, { axis_type: type.startsWith('vocab') ? 'vocab_care_points' : 'score', axis_value: value, qualified_activity_count: 1, effective_learning_minutes: minutes, normalized_score_profile_id: 'p1', anti_cheat_status: 'passed' }, next());
    await send(eng, [
      scored('duration', 30),
      scored('volume', 4),
      scored('score', 88),
      scored('score', 12, 'failed'), // counted, never on a public board (gate 1)
      computed('practice_points_computed_event', 40, 20),
      computed('vocab_care_points_computed_event', 30, 10),
      ev('vocab_list_created_event', user, { list_id: 'l1' }, next()),
      ...Array.from({ length: 10 }, (_, i) => ev('vocab_word_learned_qualified_event', user, { word_id: `w${i}`, list_id: 'l1' }, next())),
      ev('vocab_list_completed_event', user, { list_id: 'l1' }, next()),
    ]);
    // practice 40 → learning 40; vocab 30 (+10 for the 10-word milestone) = 40 → learning 20;
    // the quest +50 learning; learning 110 → global 110.
    await balance(eng, user, 'global_points', 110);
    const profile = (await api(app.url, eng).get(`/v1/users/${user}/profile`)).body.balances;
    expect(profile).toMatchObject({
      duration: { lifetime: 30 },
      volume: { lifetime: 4 },
      score: { lifetime: 100 },
      practice_points: { lifetime: 40 },
      vocab_care_points: { lifetime: 40 },
      learning_points: { lifetime: 110 },
      learning_minutes: { lifetime: 30 },
    });
    // Gate 1: the failed score (12) is in the ledger (100) but not on the public board (88); the
    // vocabulary events are not scores and are not gated.
    const board = (await api(app.url, eng).get('/v1/leaderboards/score?limit=100')).body;
    expect(board.entries.find((e: { userId: string }) => e.userId === user)?.score).toBe(88);
    const global = (await api(app.url, eng).get('/v1/leaderboards/global-points?limit=100')).body;
    expect(global.entries.find((e: { userId: string }) => e.userId === user)?.score).toBe(110);
    const progress = (await api(app.url, eng).get(`/v1/users/${user}/progress`)).body;
    expect(progress.quests[0]).toMatchObject({ id: 'first-list', completed: true });
    expect(progress.counters[0]).toMatchObject({ id: 'words-learned', value: 10, reached: [10] });
    // Seed 000's vocabulary achievements: the 10-word tier and the list completion, each caused by its event; 100 words to go for silver.
    const badges = await eventually(
      () => api(app.url, eng).get(`/v1/users/${user}/achievements`),
      (r) => ['vocab-learner', 'first-list-done'].every((id) => (r.body?.achievements ?? []).some((a: { id: string }) => a.id === id)),
      { what: 'vocabulary badges' },
    );
    expect(badges.body.achievements.find((a: { id: string }) => a.id === 'vocab-learner')).toMatchObject({ basis: { current: 10, target: 10 } });
    expect(badges.body.inProgress.find((a: { id: string }) => a.id === 'vocab-learner.silver')).toMatchObject({ current: 10, target: 100, percent: 10 });
  });

  it('levels go down where the pack allows it: a penalty loses level 2 (announced, unlock withdrawn), earning it back unlocks it again', async () => {
    const user = uniqueId('lvl');
    const join = (c: number) => ev('community.member.joined', user, { method: 'invite', community_id: c });
    await send(down, [1, 2, 3, 4, 5].map(join)); // 5 × 20 = 100 xp: level 2
    await eventually(() => api(app.url, down).get(`/v1/users/${user}/achievements`), (r) => (r.body?.achievements ?? []).some((a: { id: string }) => a.id === 'level-2'), { what: 'level 2' });
    await send(down, [ev('community.member.removed', user, { by_role: 'admin', community_id: 1 })]);
    const revoked = await notifications(down, user, 'achievement.revoked');
    expect(revoked.body.notifications.find((n: { kind: string }) => n.kind === 'achievement.revoked')).toMatchObject({ title: 'Back to level 1', data: { achievementId: 'level-2', level: 1 } });
    const profile = (await api(app.url, down).get(`/v1/users/${user}/profile`)).body;
    expect(profile).toMatchObject({ balances: { xp: { lifetime: 100, spendable: 50, net: 50 } }, level: { level: 1, nextAt: 100 } });
    expect((await api(app.url, down).get(`/v1/users/${user}/achievements`)).body.achievements.map((a: { id: string }) => a.id)).toEqual(['first-xp', 'xp-earner']); // lifetime 100: the balance badge stays, level 2 is withdrawn

    await send(down, [6, 7, 8].map(join)); // net 110: level 2 again
    const back = await eventually(() => api(app.url, down).get(`/v1/users/${user}/notifications`), (r) => (r.body?.notifications ?? []).filter((n: { kind: string; data: { achievementId?: string } }) => n.kind === 'achievement.unlocked' && n.data.achievementId === 'level-2').length === 2, { what: 'level 2 announced twice' });
    expect(back.status).toBe(200);
    expect((await api(app.url, down).get(`/v1/users/${user}/profile`)).body.level).toMatchObject({ level: 2 });
  });

  it('seed 004: a weekly board per community ranks each community apart (the XP of events that carry community_id)', async () => {
    const [ann, ben, cat] = [uniqueId('ann'), uniqueId('ben'), uniqueId('cat')];
    const c = 1000 + Math.floor(Math.random() * 1_000_000);
    await send(uc, [
      ev('community.member.joined', ann, { method: 'invite', community_id: c }),
      ev('community.member.joined', ann, { method: 'invite', community_id: c + 1 }),
      ev('community.member.joined', ben, { method: 'link', community_id: c }),
      ev('community.member.joined', cat, { method: 'link', community_id: c + 1 }),
      ev('community.member.joined', cat, { method: 'link', community_id: c + 1 }),
    ]);
    const board = (community: number) => api(app.url, uc).get(`/v1/leaderboards/community-weekly?window=weekly&scope=community:${community}`);
    const first = await eventually(() => board(c), (r) => r.body?.entries?.length === 2, { what: `community ${c} ranked` });
    expect(first.body).toMatchObject({ window: 'weekly', scope: `community:${c}`, entries: [{ rank: 1, score: 20 }, { rank: 1, score: 20 }] });
    expect(first.body.entries.map((e: { userId: string }) => e.userId).sort()).toEqual([ann, ben].sort());
    // Cat joined twice: 40 in that community; ann's other 20 count there, not in the first one.
    const second = await eventually(() => board(c + 1), (r) => r.body?.entries?.length === 2 && r.body.entries[0].score === 40, { what: `community ${c + 1} ranked` });
    expect(second.body.entries).toEqual([{ rank: 1, userId: cat, score: 40 }, { rank: 2, userId: ann, score: 20 }]);
  });
});
