import { randomUUID } from 'node:crypto';
import { api, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/**
 * Seed 000 (Engagement Platform event contracts) end to end on the real Kafka, Postgres and Redis
 * with the Engagement pack, in the seed's own flat envelope: the required meta fields, batch events
 * needing batch_job_id, the multi-axis practice points and their boards, hard gates 1, 3 and 4, the
 * vocab_points alias, replay safety by idempotency_key and event-time order for late events.
 */
describe('seed 000 — Engagement Platform end to end', () => {
  const tenants = new TestTenants();
  const eng = tenants.newTenant('engagement');
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('s0')}.` }, 120_000);
  });
  afterAll(async () => {
    if (app) expect(await app.stop()).toBe(true);
  });

  const flat = (name: string, user: string, fields: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
    event_id: randomUUID(),
    event_name: name,
    occurred_at: new Date().toISOString(),
    user_id: user,
    source_module: 'practice',
    context_scope: 'practice',
    idempotency_key: uniqueId('idem'),
    rule_version: '1',
    ...fields,
    ...over,
  });
  const axis = (user: string, axisType: string, value: number, anti = 'passed', over: Record<string, unknown> = {}) =>
    flat('practice_axis_scored_event', user, { axis_type: axisType, axis_value: value, qualified_activity_count: 1, effective_learning_minutes: 5, normalized_score_profile_id: 'p1', anti_cheat_status: anti }, over);
  const post = (body: unknown) => api(app.url, eng).post('/v1/events', body);
  const balance = async (user: string, currency: string) => (await api(app.url, eng).get(`/v1/users/${user}/profile`)).body?.balances?.[currency]?.lifetime ?? 0;
  const board = (id: string) => api(app.url, eng).get(`/v1/leaderboards/${id}?scope=context:practice`);

  it('required meta fields: each missing one is named at its pointer; a batch-generated event needs batch_job_id', async () => {
    for (const field of ['event_id', 'occurred_at', 'source_module', 'idempotency_key', 'rule_version']) {
      const full: Record<string, unknown> = axis(uniqueId('u'), 'duration', 1);
      const { [field]: _gone, ...without } = full;
      const res = await post(without);
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body.errors)).toContain(`/${field}`);
    }
    const batch = await post(axis(uniqueId('u'), 'duration', 1, 'passed', { context_scope: 'batch' }));
    expect(batch).toMatchObject({ status: 422, body: { errors: [{ pointer: '/batch_job_id' }] } });
    expect((await post(axis(uniqueId('u'), 'duration', 1, 'passed', { context_scope: 'batch', batch_job_id: 'job-1' }))).status).toBe(202);
  });

  it('multi-axis practice points: each axis to its own currency and board (ranked within context_scope); gate 1 keeps unchecked scores off the boards', async () => {
    const user = uniqueId('learner');
    const cheat = uniqueId('cheat');
    for (const e of [axis(user, 'duration', 30), axis(user, 'volume', 4), axis(user, 'score', 80), axis(cheat, 'score', 500, 'failed')]) expect((await post(e)).status).toBe(202);
    await eventually(() => balance(user, 'score'), (v) => v === 80, { what: 'score axis' });
    expect(await balance(user, 'duration')).toBe(30);
    expect(await balance(user, 'volume')).toBe(4);
    // Gate 1: the failed anti-cheat score is in the ledger, never on a public board.
    await eventually(() => balance(cheat, 'score'), (v) => v === 500, { what: 'the unchecked score in the ledger' });
    const ranks = await eventually(() => board('score'), (r) => (r.body?.entries ?? []).some((e: { userId: string }) => e.userId === user), { what: 'the score board' });
    expect((ranks.body.entries as { userId: string }[]).map((e) => e.userId)).not.toContain(cheat);
  });

  it('gates 3 and 4: no rule_version or no valid idempotency key → refused, nothing awarded', async () => {
    const user = uniqueId('gated');
    expect(await post(axis(user, 'duration', 10, 'passed', { rule_version: undefined }))).toMatchObject({ status: 422, body: { code: 'invalid_envelope' } });
    expect(await post(axis(user, 'duration', 10, 'passed', { idempotency_key: 'has spaces' }))).toMatchObject({ status: 422, body: { errors: [{ pointer: '/idempotency_key' }] } });
    await new Promise((r) => setTimeout(r, 300));
    expect(await balance(user, 'duration')).toBe(0);
  });

  it('replay-safe by idempotency_key; the vocab_points alias is rewritten to vocab_care_points', async () => {
    const user = uniqueId('replay');
    const once = axis(user, 'duration', 12);
    const first = await post(once);
    expect(await post({ ...once, event_id: randomUUID() })).toMatchObject({ status: 202, body: { id: first.body.id, duplicate: true } });
    await eventually(() => balance(user, 'duration'), (v) => v === 12, { what: 'credited once' });
    const vocab = await post(flat('vocab_care_points_computed_event', user, { axis_type: 'vocab_points', axis_value: 7, qualified_activity_count: 1, effective_learning_minutes: 2, normalized_score_profile_id: 'p1', anti_cheat_status: 'passed' }, { source_module: 'vocabulary' }));
    expect(vocab.status).toBe(202);
    const stored = await eventually(() => api(app.url, eng).get(`/v1/events/${vocab.body.id}`), (r) => r.body?.status === 'processed', { what: 'the vocab event processed' });
    expect(stored.body.event.payload.axis_type).toBe('vocab_care_points');
    await eventually(() => balance(user, 'vocab_care_points'), (v) => v === 7, { what: 'vocab care points' });
  });
});
