import { answerAccepted, api, eventually, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/** The rewards catalog and redemptions over HTTP, through the real app (standalone, embedded Postgres). */
describe('rewards: catalog, redemptions, fulfilment', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir, { REDEMPTION_TIMEOUT_HOURS: '0.001', REDEMPTION_SWEEP_INTERVAL_MS: '300' });
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  const problem = (r: { status: number; headers: Headers; body: unknown }, status: number, code: string) => {
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status, code });
  };

  it('an admin stocks the catalog; a user redeems once per key, within stock, limit and balance; refusals reserve and spend nothing', async () => {
    const http = api(app.url, tenant);
    const user = uniqueId('fan');
    const events = [0, 1, 2].map(() => answerAccepted({ author: user, acceptedBy: uniqueId('asker') }));
    expect((await http.post('/v1/events/batch', { events })).body).toMatchObject({ accepted: 3 });
    await eventually(() => http.get(`/v1/users/${user}/profile`), (r) => r.body?.balances?.xp?.spendable === 150, { what: '150 xp' });

    expect(await http.put('/v1/admin/rewards/sticker', { name: 'Sticker pack', currency: 'xp', cost: 40, stock: 2, perUserLimit: 2 })).toMatchObject({ status: 200, body: { id: 'sticker', stock: 2, fulfilment: 'digital' } });
    expect(await http.put('/v1/admin/rewards/hoodie', { name: 'Hoodie', currency: 'xp', cost: 500 })).toMatchObject({ status: 200, body: { stock: null } });
    problem(await http.put('/v1/admin/rewards/gold-bar', { name: 'Gold', currency: 'gold', cost: 1 }), 422, 'unknown_currency');

    const offers = (await http.get(`/v1/rewards?userId=${user}`)).body.items as { id: string; affordable: boolean; eligible: boolean }[];
    expect(offers.map((o) => [o.id, o.affordable, o.eligible])).toEqual([
      ['hoodie', false, true],
      ['sticker', true, true],
    ]);

    const key = { 'idempotency-key': uniqueId('redeem') };
    const first = await http.post(`/v1/users/${user}/redemptions`, { itemId: 'sticker' }, key);
    expect(first).toMatchObject({ status: 201, body: { replayed: false, redemption: { itemId: 'sticker', status: 'finalized', cost: 40, currency: 'xp' } } });
    expect(await http.post(`/v1/users/${user}/redemptions`, { itemId: 'sticker' }, key)).toMatchObject({ status: 200, body: { replayed: true, redemption: { id: first.body.redemption.id } } });
    problem(await http.post(`/v1/users/${user}/redemptions`, { itemId: 'hoodie' }, key), 422, 'idempotency_key_reused');
    problem(await http.post(`/v1/users/${user}/redemptions`, { itemId: 'hoodie' }, { 'idempotency-key': uniqueId('k') }), 409, 'insufficient_balance');
    problem(await http.post(`/v1/users/${user}/redemptions`, { itemId: 'nope' }, { 'idempotency-key': uniqueId('k') }), 404, 'unknown_item');
    problem(await http.post(`/v1/users/${user}/redemptions`, { itemId: 'sticker' }), 422, 'idempotency_key_required');
    expect((await http.post(`/v1/users/${user}/redemptions`, { itemId: 'sticker' }, { 'idempotency-key': uniqueId('k') })).status).toBe(201);
    problem(await http.post(`/v1/users/${user}/redemptions`, { itemId: 'sticker' }, { 'idempotency-key': uniqueId('k') }), 409, 'out_of_stock');

    // Two stickers, 80 xp: the ledger explains both debits with the redemption ids.
    const profile = (await http.get(`/v1/users/${user}/profile`)).body;
    expect(profile.balances.xp).toMatchObject({ lifetime: 150, spendable: 70 });
    const ledger = (await http.get(`/v1/users/${user}/ledger?kind=spend`)).body.entries as { amount: number; sourceEventId: string }[];
    const redemptions = (await http.get(`/v1/users/${user}/redemptions`)).body.redemptions as { id: string }[];
    expect(ledger.map((e) => e.sourceEventId).sort()).toEqual(redemptions.map((r) => r.id).sort());
    expect(ledger.map((e) => e.amount)).toEqual([-40, -40]);
    // Seed 000's redemption family reaches the user's feed, once per redemption and state.
    const feed = await eventually(
      () => http.get(`/v1/users/${user}/notifications`),
      (r) => (r.body?.notifications ?? []).filter((n: { kind: string }) => n.kind === 'redemption.finalized').length === 2,
      { what: 'two redemption.finalized notifications' },
    );
    expect(feed.body.notifications.find((n: { kind: string }) => n.kind === 'redemption.finalized').data).toMatchObject({ itemId: 'sticker', cost: 40, currency: 'xp', status: 'finalized' });
    // The debits are said as spending, with the balance after each, never as "-40 xp" among the earnings.
    const spent = await eventually(
      () => http.get(`/v1/users/${user}/notifications`),
      (r) => (r.body?.notifications ?? []).filter((n: { kind: string }) => n.kind === 'points.spent').length === 2,
      { what: 'two points.spent notifications' },
    );
    const notes = spent.body.notifications as { kind: string; title: string; data: { amount: number; spendable: number } }[];
    expect(notes.filter((n) => n.kind === 'points.spent').map((n) => [n.title, n.data.amount, n.data.spendable])).toEqual([
      ['Spent 40 xp', -40, 70],
      ['Spent 40 xp', -40, 110],
    ]);
    expect(notes.filter((n) => n.kind === 'points.awarded' && n.data.amount < 0)).toEqual([]);

    // Stock adjustments never go below 0; unlimited items have no stock to adjust.
    expect(await http.post('/v1/admin/rewards/sticker/stock', { delta: 3 })).toMatchObject({ status: 200, body: { stock: 3 } });
    problem(await http.post('/v1/admin/rewards/sticker/stock', { delta: -4 }), 409, 'stock_negative');
    // ... nor above 1,000,000,000 (three +1e9 were a 500 "integer out of range"), and nothing moves.
    expect(await http.post('/v1/admin/rewards/sticker/stock', { delta: 999_999_997 })).toMatchObject({ status: 200, body: { stock: 1_000_000_000 } });
    problem(await http.post('/v1/admin/rewards/sticker/stock', { delta: 1_000_000_000 }), 409, 'stock_too_large');
    problem(await http.post('/v1/admin/rewards/sticker/stock', { delta: 1 }), 409, 'stock_too_large');
    expect(await http.post('/v1/admin/rewards/sticker/stock', { delta: -999_999_997 })).toMatchObject({ status: 200, body: { stock: 3 } });
    problem(await http.post('/v1/admin/rewards/hoodie/stock', { delta: 1 }), 409, 'stock_unlimited');
    // Over the per-user limit (2), even with stock.
    problem(await http.post(`/v1/users/${user}/redemptions`, { itemId: 'sticker' }, { 'idempotency-key': uniqueId('k') }), 409, 'limit_reached');
  });

  it('an item to fulfil is started until confirmed; one nobody confirms is failed by the sweep, its cost refunded and its unit returned', async () => {
    const http = api(app.url, tenant);
    const user = uniqueId('fan');
    expect((await http.post('/v1/events/batch', { events: [answerAccepted({ author: user, acceptedBy: uniqueId('asker') })] })).body).toMatchObject({ accepted: 1 });
    await eventually(() => http.get(`/v1/users/${user}/profile`), (r) => r.body?.balances?.xp?.spendable === 50, { what: '50 xp' });
    expect((await http.put('/v1/admin/rewards/tshirt', { name: 'T-shirt', currency: 'xp', cost: 20, stock: 5, fulfilment: 'fulfilled' })).status).toBe(200);

    const confirmed = (await http.post(`/v1/users/${user}/redemptions`, { itemId: 'tshirt' }, { 'idempotency-key': uniqueId('k') })).body.redemption;
    expect(confirmed.status).toBe('started');
    // Confirmed at once by the tenant (the sweep only fails what is older than the timeout).
    const done = await http.post(`/v1/admin/redemptions/${confirmed.id}/confirm`, { reason: 'shipped' });
    if (done.status === 200) expect(done.body).toMatchObject({ status: 'finalized', reason: 'shipped' });
    else problem(done, 409, 'redemption_settled'); // the 3.6 s timeout beat the confirmation on a slow machine

    const forgotten = (await http.post(`/v1/users/${user}/redemptions`, { itemId: 'tshirt' }, { 'idempotency-key': uniqueId('k') })).body.redemption;
    await eventually(() => http.get(`/v1/users/${user}/redemptions`), (r) => r.body?.redemptions?.find((x: { id: string }) => x.id === forgotten.id)?.status === 'failed', { what: 'the sweep fails the unconfirmed redemption' });
    problem(await http.post(`/v1/admin/redemptions/${forgotten.id}/confirm`, {}), 409, 'redemption_settled');
    problem(await http.post(`/v1/admin/redemptions/00000000-0000-4000-8000-000000000000/fail`, {}), 404, 'unknown_redemption');
    await eventually(
      () => http.get(`/v1/users/${user}/notifications`),
      (r) => (r.body?.notifications ?? []).some((n: { kind: string; data: { redemptionId?: string } }) => n.kind === 'redemption.failed' && n.data.redemptionId === forgotten.id),
      { what: 'redemption.failed in the feed' },
    );
    const refunds = (await http.get(`/v1/users/${user}/ledger?kind=refund`)).body.entries as { amount: number; sourceEventId: string }[];
    expect(refunds).toEqual([expect.objectContaining({ amount: 20, sourceEventId: forgotten.id })]);
    const refunded = await eventually(
      () => http.get(`/v1/users/${user}/notifications`),
      (r) => (r.body?.notifications ?? []).some((n: { kind: string }) => n.kind === 'points.refunded'),
      { what: 'the refund in the feed' },
    );
    expect(refunded.body.notifications.find((n: { kind: string }) => n.kind === 'points.refunded')).toMatchObject({ title: 'Refunded 20 xp', data: { amount: 20, currency: 'xp', eventId: forgotten.id } });
  });
});
