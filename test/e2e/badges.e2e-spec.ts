import { randomUUID } from 'node:crypto';
import { api, eventually, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const DAY = 86_400_000;

/**
 * The badge model through the real app (standalone, embedded Postgres, the real broker): `all` /
 * `any` combinations with the criterion values that caused them, items given with a badge and
 * taken back with it, eligibility by badges held, repeatable badges once per occurrence under
 * redelivery, availability windows, and automatic revocation when re-scoring removes the basis.
 */
describe('badges: combinations, items, repeats, windows, revocation', () => {
  const tenants = new TestTenants();
  const extra = (t: string) =>
    t
      .replace(
        'achievements:\n',
        [
          'achievements:',
          '  - id: helpful-voice',
          '    name: Helpful voice',
          '    when: { all: [{ metric: answers-week, atLeast: 2 }, { streak: daily-login, atLeast: 1 }] }',
          '    reward: { currency: xp, amount: 15, item: sticker }',
          '    onRevoke: clawback',
          '  - { id: weekly-answerer, name: Weekly answerer, repeatable: true, when: { metric: answers-week, atLeast: 3 }, reward: { currency: xp, amount: 3 } }',
          "  - { id: launch-week, name: Launch week, class: bronze, availableUntil: '2026-01-01T00:00:00Z', when: { currency: xp, lifetimeAtLeast: 1 } }",
          '  - { id: big-spender, name: Big spender, revokeWhenLost: true, onRevoke: clawback, when: { currency: xp, lifetimeAtLeast: 200 }, reward: { currency: xp, amount: 20 } }',
          '',
        ].join('\n'),
      )
      .replace('metrics:\n', 'metrics:\n  - { id: answers-week, name: Answers this week, kind: count, on: knowledge.answer.submitted, per: week }\n');
  const tenant = tenants.newTenant('tektree', extra);
  const rescored = tenants.newTenant('tektree', extra);
  const austa = tenants.newTenant('austa');
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir);
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  const answer = (user: string, at = new Date(), key = uniqueId('ans')) => ({
    type: 'knowledge.answer.submitted',
    userId: user,
    idempotencyKey: key,
    occurredAt: at.toISOString(),
    payload: { answer_id: key, question_id: uniqueId('q'), answer_author_id: user },
  });
  const login = (user: string, key = uniqueId('login')) => ({ type: 'user.authenticated', userId: user, idempotencyKey: key, occurredAt: new Date().toISOString(), payload: { user_id: user } });
  type Unlock = { id: string; sourceEventId: string; occurrence: string | null; basis: { current: number; target: number; parts?: { current: number; target: number }[] } | null };
  type Listing = { achievements: Unlock[]; inProgress: { id: string; current: number; target: number; parts?: unknown[] }[] };
  const listing = async (t: string, user: string) => (await api(app.url, t).get(`/v1/users/${user}/achievements`)).body as Listing;
  const holds = (t: string, user: string, id: string, n = 1) =>
    eventually(() => listing(t, user), (l) => l.achievements.filter((a) => a.id === id).length === n, { what: `${user} holds ${id} ×${n}`, timeoutMs: 30_000 });
  const ledger = async (t: string, user: string) =>
    (await api(app.url, t).get(`/v1/users/${user}/ledger`)).body.entries as { ruleId: string; amount: number; kind: string; idempotencyKey: string; sourceEventId: string }[];
  const xp = (t: string, user: string, spendable: number) =>
    eventually(() => api(app.url, t).get(`/v1/users/${user}/profile`), (r) => r.body?.balances?.xp?.spendable === spendable, { what: `${user} at ${spendable} xp`, timeoutMs: 30_000 });
  const redemptions = async (user: string) =>
    (await api(app.url, tenant).get(`/v1/users/${user}/redemptions`)).body.redemptions as { itemId: string; status: string; cost: number; reason: string | null; granted: boolean }[];

  it('`all` unlocks on the event that completes it, in either order, naming the values; its item is granted free from stock and gates another item; a revocation claws both back', async () => {
    const http = api(app.url, tenant);
    expect((await http.put('/v1/admin/rewards/sticker', { name: 'Sticker', currency: 'xp', cost: 100, stock: 1 })).status).toBe(200);
    expect((await http.put('/v1/admin/rewards/vip-mug', { name: 'VIP mug', currency: 'xp', cost: 5, requiresBadges: ['helpful-voice'] })).status).toBe(200);
    expect((await http.put('/v1/admin/rewards/bad', { name: 'Bad', currency: 'xp', cost: 5, requiresBadges: ['nope'] })).body).toMatchObject({ status: 422, code: 'unknown_achievement' });

    // Ann answers twice, then logs in: the login completes the combination.
    const ann = uniqueId('ann');
    expect((await http.post('/v1/events/batch', { events: [answer(ann), answer(ann)] })).body).toMatchObject({ accepted: 2 });
    await xp(tenant, ann, 20);
    const waiting = (await listing(tenant, ann)).inProgress.find((a) => a.id === 'helpful-voice');
    expect(waiting).toMatchObject({ current: 1, target: 2, parts: [{ current: 2, target: 2 }, { current: 0, target: 1 }] });
    const annLogin = login(ann);
    const loginId = (await http.post('/v1/events', annLogin)).body.id as string;
    const held = await holds(tenant, ann, 'helpful-voice');
    expect(held.achievements.find((a) => a.id === 'helpful-voice')).toMatchObject({ sourceEventId: loginId, occurrence: null, basis: { current: 2, target: 2, parts: [{ current: 2, target: 2 }, { current: 1, target: 1 }] } });
    // Points (15, under the award key) and the item (one unit, cost 0, finalized: digital).
    await xp(tenant, ann, 35);
    expect((await ledger(tenant, ann)).filter((e) => e.ruleId === 'badge:helpful-voice')).toEqual([expect.objectContaining({ amount: 15, idempotencyKey: `badge:helpful-voice:${ann}`, sourceEventId: loginId })]);
    await eventually(() => redemptions(ann), (r) => r.some((x) => x.itemId === 'sticker'), { what: 'sticker granted' });
    expect(await redemptions(ann)).toEqual([expect.objectContaining({ itemId: 'sticker', status: 'finalized', cost: 0, granted: true })]);

    // Cy logs in first and answers after: the second answer's milestone completes it; the item's stock is gone.
    const cy = uniqueId('cy');
    await http.post('/v1/events', login(cy));
    expect((await http.post('/v1/events/batch', { events: [answer(cy), answer(cy)] })).body).toMatchObject({ accepted: 2 });
    await holds(tenant, cy, 'helpful-voice');
    await eventually(() => redemptions(cy), (r) => r.length === 1, { what: "cy's grant recorded" });
    expect(await redemptions(cy)).toEqual([expect.objectContaining({ itemId: 'sticker', status: 'failed', granted: true, reason: 'grant refused: out of stock' })]);

    // Eligibility by badges held: Ben has none, Ann has it.
    const ben = uniqueId('ben');
    await http.post('/v1/events/batch', { events: [answer(ben)] });
    await xp(tenant, ben, 10);
    expect((await http.post(`/v1/users/${ben}/redemptions`, { itemId: 'vip-mug' }, { 'idempotency-key': uniqueId('k') })).body).toMatchObject({ status: 409, code: 'not_eligible' });
    const offers = (await http.get(`/v1/rewards?userId=${ann}`)).body.items as { id: string; eligible: boolean }[];
    expect(offers.find((o) => o.id === 'vip-mug')).toMatchObject({ eligible: true });
    expect((await http.post(`/v1/users/${ann}/redemptions`, { itemId: 'vip-mug' }, { 'idempotency-key': uniqueId('k') })).status).toBe(201);
    await xp(tenant, ann, 30);

    // Revoked with a reason: onRevoke clawback debits the 15 back and fails the granted sticker, returning its unit.
    expect((await http.post(`/v1/admin/users/${ann}/achievements/helpful-voice/revoke`, { reason: 'answers were spam' })).body).toMatchObject({ revoked: true, clawback: true });
    await xp(tenant, ann, 15);
    expect((await ledger(tenant, ann)).filter((e) => e.ruleId === 'badge:helpful-voice').map((e) => [e.amount, e.idempotencyKey]).sort()).toEqual([
      [-15, `badge:helpful-voice:${ann}:clawback`],
      [15, `badge:helpful-voice:${ann}`],
    ]);
    await eventually(() => redemptions(ann), (r) => r.find((x) => x.itemId === 'sticker')?.status === 'failed', { what: 'sticker clawed back' });
    expect(((await http.get('/v1/rewards')).body.items as { id: string; stock: number }[]).find((i) => i.id === 'sticker')).toMatchObject({ stock: 1 });
    const feed = await eventually(
      () => http.get(`/v1/users/${ann}/notifications`),
      (r) => (r.body?.notifications ?? []).some((n: { kind: string }) => n.kind === 'achievement.revoked'),
      { what: 'revocation announced' },
    );
    expect(feed.body.notifications.find((n: { kind: string }) => n.kind === 'achievement.revoked').data).toMatchObject({ reason: 'answers were spam', clawback: true });
    // A time-limited badge whose window closed is neither unlocked nor offered as progress.
    expect((await listing(tenant, ann)).achievements.map((a) => a.id)).not.toContain('launch-week');
    expect((await listing(tenant, ann)).inProgress.map((a) => a.id)).not.toContain('launch-week');
  });

  it('a repeatable badge unlocks once per occurrence (each week), its reward once per occurrence, whatever is redelivered', async () => {
    const http = api(app.url, tenant);
    const rae = uniqueId('rae');
    const [lastWeek, thisWeek] = [new Date(Date.now() - 7 * DAY), new Date()];
    const events = [...[0, 1, 2].map(() => answer(rae, lastWeek)), ...[0, 1, 2].map(() => answer(rae, thisWeek))];
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ accepted: 6 });
    const two = await holds(tenant, rae, 'weekly-answerer', 2);
    const occurrences = two.achievements.filter((a) => a.id === 'weekly-answerer').map((a) => a.occurrence);
    expect(new Set(occurrences).size).toBe(2);
    // The same six again (a producer's retry), then a marker event: still two unlocks, two rewards.
    await http.post('/v1/events/batch', { events });
    await http.post('/v1/events', { type: 'knowledge.question.posted', userId: rae, idempotencyKey: uniqueId('q'), occurredAt: new Date().toISOString(), payload: { question_id: uniqueId('q'), author_id: rae } });
    await xp(tenant, rae, 60 + 6 + 5);
    expect((await listing(tenant, rae)).achievements.filter((a) => a.id === 'weekly-answerer')).toHaveLength(2);
    const rewards = (await ledger(tenant, rae)).filter((e) => e.ruleId === 'badge:weekly-answerer');
    expect(rewards.map((e) => e.idempotencyKey).sort()).toEqual(occurrences.map((o) => `badge:weekly-answerer:${rae}:${o}`).sort());
    const catalogue = (await http.get('/v1/achievements')).body.achievements as { id: string; repeatable: boolean; unlocked: number; availableUntil: string | null }[];
    expect(catalogue.find((a) => a.id === 'weekly-answerer')).toMatchObject({ repeatable: true, unlocked: 1, class: null });
    expect(catalogue.find((a) => a.id === 'launch-week')).toMatchObject({ repeatable: false, unlocked: 0, availableUntil: '2026-01-01T00:00:00Z', class: 'bronze' });
  });

  it('revokeWhenLost: re-scoring that takes net earned below the threshold revokes the badge, announced, its reward clawed back', async () => {
    const http = api(app.url, rescored);
    const start = new Date(Date.now() - 1000);
    const dee = uniqueId('dee');
    await http.post('/v1/events', {
      type: 'payment.subscription.upgraded',
      userId: dee,
      idempotencyKey: uniqueId('up'),
      occurredAt: new Date().toISOString(),
      payload: { subscription_id: uniqueId('s'), user_id: dee, new_tier: 'pro' },
    });
    await holds(rescored, dee, 'big-spender');
    await xp(rescored, dee, 220);

    // The upgrade was worth less: version 2 pays 100, and re-scoring applies it.
    const active = (await http.get('/v1/admin/packs')).body.items.find((i: { status: string }) => i.status === 'active');
    const { source } = (await http.get(`/v1/admin/packs/${active.version}`)).body as { source: string };
    const next = source
      .replace(/^version: \d+$/m, `version: ${active.version + 1}`)
      .replace('  - id: subscription-upgraded\n    version: 1\n', '  - id: subscription-upgraded\n    version: 2\n')
      .replace('award: { currency: xp, amount: 200, to: subject }', 'award: { currency: xp, amount: 100, to: subject }');
    expect(next).not.toBe(source);
    expect((await http.post('/v1/admin/packs', { source: next })).status).toBe(201);
    expect((await http.post(`/v1/admin/packs/${active.version + 1}/activate`)).status).toBe(200);
    const applied = await http.post('/v1/admin/rescore', { from: start.toISOString(), to: new Date(Date.now() + 1000).toISOString(), dryRun: false });
    expect(applied.body).toMatchObject({ compensations: 1 });

    // 220 − 100 = 120 net earned, below 200: revoked, and the 20 taken back.
    await holds(rescored, dee, 'big-spender', 0);
    await xp(rescored, dee, 100);
    expect((await ledger(rescored, dee)).map((e) => [e.kind, e.amount, e.ruleId]).sort()).toEqual([
      ['adjust', -20, 'badge:big-spender'],
      ['compensate', -100, 'rescore'],
      ['earn', 20, 'badge:big-spender'],
      ['earn', 200, 'subscription-upgraded'],
    ]);
    const feed = await eventually(
      () => http.get(`/v1/users/${dee}/notifications`),
      (r) => (r.body?.notifications ?? []).some((n: { kind: string }) => n.kind === 'achievement.revoked'),
      { what: 'revocation announced' },
    );
    expect(feed.body.notifications.find((n: { kind: string }) => n.kind === 'achievement.revoked').data).toMatchObject({ achievementId: 'big-spender', reason: 'basis lost', clawback: true });
  });

  it("seed 002's journey badges: one per journey as it happens, and the cross-journey one (with its reward) on the last of the three, in AUSTA's own envelope", async () => {
    const http = api(app.url, austa);
    const user = randomUUID();
    const now = new Date().toISOString();
    const austaEvent = (type: string, journey: string, data: Record<string, unknown>) => ({ id: randomUUID(), type, userId: user, timestamp: now, journey, data });
    const goal = austaEvent('GOAL_ACHIEVED', 'health', { goalId: 'g1', goalType: 'STEPS' });
    const visit = austaEvent('APPOINTMENT_ATTENDED', 'care', { appointmentId: 'a1', appointmentType: 'IN_PERSON', providerId: 'p1', scheduledDate: now, status: 'COMPLETED' });
    const claim = austaEvent('CLAIM_SUBMITTED', 'plan', { claimId: 'c1', planId: 'p1', amount: 120, status: 'SUBMITTED', submissionDate: now, serviceDate: now, serviceType: 'CONSULTATION' });
    for (const e of [goal, visit]) expect((await http.post('/v1/events', e)).status).toBeLessThan(300);
    await holds(austa, user, 'care-keeper');
    await holds(austa, user, 'health-hero');
    expect((await listing(austa, user)).inProgress.find((a) => a.id === 'all-journeys')).toMatchObject({ current: 2, target: 3 });
    const claimId = (await http.post('/v1/events', claim)).body.id as string;
    const done = await holds(austa, user, 'all-journeys');
    expect(done.achievements.find((a) => a.id === 'all-journeys')).toMatchObject({ sourceEventId: claimId, basis: { current: 3, target: 3 } });
    // 50 for the visit (the pack's rule) + 100 for the cross-journey badge.
    await xp(austa, user, 150);
  });
});
