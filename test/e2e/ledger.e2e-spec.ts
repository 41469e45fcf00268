import { answerAccepted, api, createApiKey, eventually, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/** The explainable ledger, spending and refunds over HTTP, through the real app (standalone). */
describe('ledger: explain, spend, refund', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const other = tenants.newTenant('tektree');
  const expiring = tenants.newTenant('tektree', (t) => t.replace('    name: Experience points\n', '    name: Experience points\n    expiry: { afterDays: 30 }\n'));
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir, { EXPIRY_SWEEP_INTERVAL_MS: '300' });
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  it('spends once per Idempotency-Key, refuses overdrafts and bad input with problem+json, refunds, and explains every entry', async () => {
    const http = api(app.url, tenant);
    const author = uniqueId('author');
    // Three accepted answers: +50 xp each to the author.
    const accepted = [0, 1, 2].map(() => answerAccepted({ author, acceptedBy: uniqueId('asker') }));
    expect((await http.post('/v1/events/batch', { events: accepted })).body).toMatchObject({ accepted: 3 });
    await eventually(() => http.get(`/v1/users/${author}/profile`), (r) => r.body?.balances?.xp?.spendable === 150, { what: '150 xp' });

    const key = { 'idempotency-key': uniqueId('spend') };
    const first = await http.post(`/v1/users/${author}/spend`, { currency: 'xp', amount: 120, reason: 'profile badge' }, key);
    expect(first).toMatchObject({ status: 201, body: { replayed: false, entry: { kind: 'spend', amount: -120, currency: 'xp' }, balance: { spendable: 30, lifetime: 150 } } });
    const again = await http.post(`/v1/users/${author}/spend`, { currency: 'xp', amount: 120, reason: 'profile badge' }, key);
    expect(again).toMatchObject({ status: 200, body: { replayed: true, spendId: first.body.spendId, entry: { id: first.body.entry.id } } });

    const problem = (r: { status: number; headers: Headers; body: unknown }, status: number, code: string) => {
      expect(r.status).toBe(status);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body).toMatchObject({ status, code });
    };
    problem(await http.post(`/v1/users/${author}/spend`, { currency: 'xp', amount: 31 }, { 'idempotency-key': uniqueId('k') }), 409, 'insufficient_balance');
    problem(await http.post(`/v1/users/${author}/spend`, { currency: 'xp', amount: 121 }, key), 422, 'idempotency_key_reused');
    problem(await http.post(`/v1/users/${author}/spend`, { currency: 'xp', amount: 5 }), 422, 'idempotency_key_required');
    problem(await http.post(`/v1/users/${author}/spend`, { currency: 'gold', amount: 5 }, { 'idempotency-key': uniqueId('k') }), 422, 'unknown_currency');
    for (const amount of [-5, 0, 2.5, '10']) {
      const bad = await http.post(`/v1/users/${author}/spend`, { currency: 'xp', amount }, { 'idempotency-key': uniqueId('k') });
      problem(bad, 422, 'invalid_request');
      expect(bad.body.errors).toContainEqual(expect.objectContaining({ pointer: '/amount' }));
    }
    problem(await http.get(`/v1/users/${author}/ledger?cursor=not-a-cursor`), 422, 'invalid_cursor');
    problem(await http.get(`/v1/users/${author}/ledger?kind=stolen`), 422, 'invalid_request');
    problem(await http.get(`/v1/users/${author}/ledger?from=2026-12-08T00:00:00Z&to=2026-12-01T00:00:00Z`), 422, 'invalid_range');
    // Another tenant's key cannot reach this tenant's users; in its own tenant the same user id has nothing.
    const { key: otherKey } = await createApiKey(app.url, other, ['events:write']);
    const foreign = api(app.url, other, { key: otherKey });
    problem(await foreign.post(`/v1/users/${author}/spend`, { currency: 'xp', amount: 1 }, { 'idempotency-key': uniqueId('k'), 'x-questline-tenant': tenant }), 403, 'tenant_mismatch');
    problem(await foreign.post(`/v1/users/${author}/spend`, { currency: 'xp', amount: 1 }, { 'idempotency-key': uniqueId('k') }), 409, 'insufficient_balance');

    const refund = await http.post(`/v1/users/${author}/refunds`, { spendId: first.body.spendId, amount: 20 }, { 'idempotency-key': uniqueId('r') });
    expect(refund).toMatchObject({ status: 201, body: { entry: { kind: 'refund', amount: 20 }, balance: { spendable: 50 } } });
    problem(await http.post(`/v1/users/${author}/refunds`, { spendId: first.body.spendId, amount: 101 }, { 'idempotency-key': uniqueId('r') }), 409, 'refund_exceeds_spend');

    // Nothing refused above was written: 3 credits, 1 spend, 1 refund; newest first, two per page.
    const page1 = (await http.get(`/v1/users/${author}/ledger?limit=2`)).body;
    expect(page1.entries.map((e: { kind: string; amount: number }) => `${e.kind}:${e.amount}`)).toEqual(['refund:20', 'spend:-120']);
    const page2 = (await http.get(`/v1/users/${author}/ledger?limit=2&cursor=${page1.nextCursor}`)).body;
    const page3 = (await http.get(`/v1/users/${author}/ledger?limit=2&cursor=${page2.nextCursor}`)).body;
    const earned = [...page2.entries, ...page3.entries];
    expect(earned).toHaveLength(3);
    expect(page3.nextCursor).toBeNull();
    // Each credit names the event, the rule and the rule version that caused it.
    for (const e of earned) expect(e).toMatchObject({ kind: 'earn', amount: 50, ruleId: 'answer-accepted', ruleVersion: 1, sourceEventId: expect.any(String) });
    expect((await http.get(`/v1/users/${author}/ledger?kind=spend`)).body.entries).toHaveLength(1);
    expect((await http.get(`/v1/users/${author}/profile`)).body.balances.xp).toEqual({ lifetime: 150, spendable: 50, net: 150 });
    // Announced as spending (and its refund as a refund), with the balance after each, not as "-120 xp" among the earnings.
    const feed = await eventually(() => http.get(`/v1/users/${author}/notifications`), (r) => (r.body?.notifications ?? []).some((n: { kind: string }) => n.kind === 'points.spent'), { what: 'the spend announced' });
    expect(feed.body.notifications.find((n: { kind: string }) => n.kind === 'points.spent')).toMatchObject({ title: 'Spent 120 xp', data: { amount: -120, currency: 'xp', spendable: 30 } });
  });

  it('expires credits older than the policy, oldest first, once (points.expired), leaving recent ones', async () => {
    const http = api(app.url, expiring);
    const author = uniqueId('author');
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const events = [answerAccepted({ author, occurredAt: ago(40) }), answerAccepted({ author, occurredAt: ago(10) })];
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ accepted: 2 });
    const profile = await eventually(() => http.get(`/v1/users/${author}/profile`), (r) => r.body?.balances?.xp?.spendable === 50 && r.body.balances.xp.lifetime === 100, { what: 'the 40-day-old 50 xp expired' });
    expect(profile.body.balances.xp).toEqual({ lifetime: 100, spendable: 50, net: 100 });
    const expired = (await http.get(`/v1/users/${author}/ledger?kind=expire`)).body.entries;
    expect(expired).toEqual([expect.objectContaining({ kind: 'expire', amount: -50, ruleId: 'expiry:xp' })]);
    // Later sweeps find nothing more to expire.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await http.get(`/v1/users/${author}/ledger?kind=expire`)).body.entries).toHaveLength(1);
    // Expiry moves the spendable balance only: the board still ranks what was earned.
    expect((await http.get(`/v1/leaderboards/xp/users/${author}`)).body).toMatchObject({ score: 100 });
    const feed = await eventually(() => http.get(`/v1/users/${author}/notifications`), (r) => (r.body?.notifications ?? []).some((n: { kind: string }) => n.kind === 'points.expired'), { what: 'points.expired announced' });
    expect(feed.body.notifications.find((n: { kind: string }) => n.kind === 'points.expired')).toMatchObject({ title: '50 xp expired', data: { amount: -50, currency: 'xp', spendable: 50 } });
  });
});
