import { Client } from 'pg';
import { answerAccepted, api, createApiKey, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/**
 * Support adjustments (issue 22) on the real Kafka, Postgres and Redis: an operator's credit moves
 * the balance, the level and the board and explains itself in the ledger; a repeat of the key is
 * the first answer; a debit past zero is refused unless the currency allows negative balances;
 * concurrent debits never overdraw; reconcile stays at zero; each one is audited.
 */
describe('support adjustments: credit and debit with a reason, once per key', () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree');
  // A second tenant whose coins may go negative.
  const neg = tenants.newTenant('tektree', (t) => t.replace('currencies:\n  - id: xp\n', 'currencies:\n  - id: xp\n    allowNegative: true\n'));
  let app: SpawnedService;
  let db: Client;
  beforeAll(async () => {
    app = await spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('adj')}.` }, 120_000);
    db = new Client({ connectionString: infraEnv().DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    if (app) expect(await app.stop()).toBe(true);
  });

  it('credits and debits with a reason: balance, level, board and ledger follow; repeats, bad input and overdrafts are refused cleanly', async () => {
    const admin = api(app.url, tek);
    const [user, rival] = [uniqueId('cust'), uniqueId('rival')];
    expect((await admin.post('/v1/events/batch', { events: [answerAccepted({ author: user }), answerAccepted({ author: rival }), answerAccepted({ author: rival })] })).body).toMatchObject({ accepted: 3 });
    await eventually(() => admin.get(`/v1/leaderboards/xp/users/${rival}`), (r) => r.body?.score === 100, { what: 'rival at 100' });
    await eventually(() => admin.get(`/v1/leaderboards/xp/users/${user}`), (r) => r.body?.score === 50, { what: 'user at 50' });
    const adjust = (body: unknown, key: string) => admin.post(`/v1/admin/users/${user}/adjustments`, body, { 'idempotency-key': key });

    // A credit of 500: level 2 (500 xp), rank 1 above the rival, the entry explains itself.
    const credit = await adjust({ currency: 'xp', amount: 500, reason: 'Goodwill after outage', note: 'ticket SUP-1234' }, 'adj-1');
    expect(credit.status).toBe(201);
    expect(credit.body).toMatchObject({ replayed: false, balance: { currency: 'xp', lifetime: 550, spendable: 550 }, entry: { kind: 'adjust', amount: 500, adjustment: { reason: 'Goodwill after outage', note: 'ticket SUP-1234', actor: 'root' } } });
    await eventually(() => admin.get(`/v1/leaderboards/xp/users/${user}`), (r) => r.body?.score === 550 && r.body.rank === 1, { what: 'the board follows: rank 1' });
    expect((await admin.get(`/v1/users/${user}/profile`)).body).toMatchObject({ balances: { xp: { lifetime: 550, spendable: 550 } }, level: { level: 3 } });
    const ledger = await admin.get(`/v1/users/${user}/ledger?kind=adjust`);
    expect(ledger.body.entries[0]).toMatchObject({ kind: 'adjust', amount: 500, adjustment: { id: credit.body.adjustmentId, reason: 'Goodwill after outage' } });
    // Announced as a points outcome: the user's feed shows it (levels, badges and outbound contracts read the same message).
    await eventually(
      () => admin.get(`/v1/users/${user}/notifications`),
      (r) => (r.body?.notifications ?? []).some((n: { kind: string; data: { amount: number; eventType: string } }) => n.kind === 'points.awarded' && n.data.amount === 500 && n.data.eventType === 'points.adjusted'),
      { what: 'the adjustment in the feed' },
    );

    // The same key again: the first answer (200), nothing written; the same key for another body: 422.
    const again = await adjust({ currency: 'xp', amount: 500, reason: 'Goodwill after outage', note: 'ticket SUP-1234' }, 'adj-1');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, adjustmentId: credit.body.adjustmentId, entry: { id: credit.body.entry.id } });
    expect((await adjust({ currency: 'xp', amount: 5, reason: 'other' }, 'adj-1')).body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    // The note is part of the request too (another note was answered as a replay, the new note dropped).
    expect((await adjust({ currency: 'xp', amount: 500, reason: 'Goodwill after outage', note: 'another note' }, 'adj-1')).body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });

    // Bad input: a clear 4xx, nothing written.
    expect((await adjust({ currency: 'gems', amount: 5, reason: 'x' }, 'adj-bad-1')).body).toMatchObject({ status: 422, code: 'unknown_currency' });
    expect((await adjust({ currency: 'xp', amount: 0, reason: 'x' }, 'adj-bad-2')).body).toMatchObject({ status: 422, errors: [{ pointer: '/amount' }] });
    expect((await adjust({ currency: 'xp', amount: 5, reason: '' }, 'adj-bad-3')).body).toMatchObject({ status: 422, errors: [{ pointer: '/reason' }] });
    expect((await adjust({ currency: 'xp', amount: 5, reason: 'x' }, '')).body).toMatchObject({ code: 'idempotency_key_required' });
    const reader = await createApiKey(app.url, tek, ['read', 'events:write']);
    expect((await api(app.url, tek, { key: reader.key }).post(`/v1/admin/users/${user}/adjustments`, { currency: 'xp', amount: 5, reason: 'x' }, { 'idempotency-key': 'adj-bad-4' })).status).toBe(403);

    // Ten concurrent debits of 100 against 550: five pass, five are refused; never below zero.
    const debits = await Promise.all(Array.from({ length: 10 }, (_, i) => adjust({ currency: 'xp', amount: -100, reason: 'Chargeback' }, `adj-debit-${i}`)));
    expect(debits.map((d) => d.status).sort()).toEqual([201, 201, 201, 201, 201, 409, 409, 409, 409, 409]);
    expect(debits.find((d) => d.status === 409)!.body).toMatchObject({ code: 'insufficient_balance' });
    const profile = (await admin.get(`/v1/users/${user}/profile`)).body;
    // Lifetime is gross earned (never down); spendable and net lose the debits.
    expect(profile.balances.xp).toMatchObject({ lifetime: 550, spendable: 50, net: 50 });
    await eventually(() => admin.get(`/v1/leaderboards/xp/users/${user}`), (r) => r.body?.score === 50, { what: 'the board follows the debits' });
    expect((await admin.get('/v1/admin/leaderboards/xp/reconcile')).body).toMatchObject({ drift: [] });
    const audit = await db.query(`SELECT count(*) AS n FROM admin_audit WHERE tenant_id = $1 AND action = 'user.adjust' AND target = $2`, [tek, user]);
    expect(Number(audit.rows[0].n)).toBe(6);

    // A currency that allows negative balances takes a debit past zero.
    const other = uniqueId('neg');
    const below = await api(app.url, neg).post(`/v1/admin/users/${other}/adjustments`, { currency: 'xp', amount: -30, reason: 'Fraud reversal' }, { 'idempotency-key': 'neg-1' });
    expect(below.status).toBe(201);
    expect(below.body.balance).toMatchObject({ spendable: -30, lifetime: 0 });
  });
});
