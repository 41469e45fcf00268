import { randomUUID } from 'node:crypto';
import { api, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

/**
 * Seed 003 (DX-VAS, ADR-030: event schema governance) end to end on the real Kafka, Postgres and
 * Redis, with the DX-VAS pack and the seed's own examples: `vas.<domain>.<event>.v<N>` names, the
 * §3.6 audit event as written (no event_id; tenant_id and source_service required), secondary
 * events registered but earning nothing, v1 → v2 upcast, and dual-publish counted once.
 * (ADR-030's compatibility rule set is checked on the registry: tools/schemas/registry-lock.spec.ts.)
 */
describe('seed 003 — DX-VAS (ADR-030) end to end', () => {
  const tenants = new TestTenants();
  const dx = tenants.newTenant('dxvas');
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnApp('standalone', { ...infraEnv(), PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('s3')}.` }, 120_000);
  });
  afterAll(async () => {
    if (app) expect(await app.stop()).toBe(true);
  });

  const post = (body: unknown) => api(app.url, dx).post('/v1/events', body);
  const xp = async (user: string) => (await api(app.url, dx).get(`/v1/users/${user}/profile`)).body?.balances?.xp?.lifetime ?? 0;
  const now = () => new Date().toISOString();

  it('§3.1 names: vas.<domain>.<event>.v<N>; a name off the convention is refused at its pointer', async () => {
    const user = uniqueId('stu');
    const ok = await post({ event: 'vas.lms.lesson_completed.v1', event_id: randomUUID(), timestamp: now(), tenant_id: 'school-1', user_id: user, lesson_id: 'l-1', course_id: 'c-1', score: 95 });
    expect(ok.status).toBe(202);
    // 20 for the lesson, 10 more for a score of 90+.
    await eventually(() => xp(user), (v) => v === 30, { what: '30 XP for a mastered lesson' });
    const bad = await post({ event: 'vas.lms.LessonCompleted.v1', event_id: randomUUID(), timestamp: now(), user_id: user, lesson_id: 'l-2' });
    expect(bad).toMatchObject({ status: 422, body: { code: 'invalid_envelope', errors: [{ pointer: '/event' }] } });
  });

  it('§3.6: the audit example as written is accepted (no event_id: keyed by its content, so a resend is a duplicate) and earns nothing; without tenant_id it is refused', async () => {
    const audit = { event: 'vas.audit.persisted.v1', log_id: uniqueId('bq'), tenant_id: 'school-7', timestamp: now(), source_service: 'lms', action_type: 'grade.updated', user_id: uniqueId('admin') };
    const first = await post(audit);
    expect(first).toMatchObject({ status: 202, body: { duplicate: false } });
    expect(await post(audit)).toMatchObject({ status: 202, body: { id: first.body.id, duplicate: true } });
    const stored = await eventually(() => api(app.url, dx).get(`/v1/events/${first.body.id}`), (r) => r.body?.status === 'processed', { what: 'the audit event processed' });
    expect(stored.body.event).toMatchObject({ type: 'vas.audit.persisted', schemaVersion: 1, meta: { tenant_id: 'school-7' } });
    expect(await xp(audit.user_id)).toBe(0);
    const { tenant_id: _t, ...noTenant } = audit;
    expect(await post({ ...noTenant, log_id: uniqueId('bq') })).toMatchObject({ status: 422, body: { code: 'invalid_envelope', errors: [{ pointer: '/tenant_id' }] } });
  });

  it('§3.2 dual-publish: the v1 and v2 copies of one user.created (own event ids, one logical_event_id) count once; v1 is upcast to v2', async () => {
    const user = uniqueId('new');
    const logical = randomUUID();
    const v1 = { event: 'vas.user.created.v1', event_id: randomUUID(), logical_event_id: logical, timestamp: now(), user_id: user, email: 'a@school.vn', full_name: 'Nguyễn Văn A', role: 'student' };
    const v2 = { event: 'vas.user.created.v2', event_id: randomUUID(), logical_event_id: logical, timestamp: now(), user_id: user, email: 'a@school.vn', full_name: 'Nguyễn Văn A', roles: ['student'], user_type: 'student' };
    const a = await post(v1);
    expect(a).toMatchObject({ status: 202, body: { duplicate: false } });
    const b = await post(v2);
    expect(b).toMatchObject({ status: 202, body: { id: a.body.id, duplicate: true } });
    const stored = await eventually(() => api(app.url, dx).get(`/v1/events/${a.body.id}`), (r) => r.body?.status === 'processed', { what: 'user.created processed' });
    expect(stored.body.event).toMatchObject({ schemaVersion: 2, payload: { roles: ['student'], user_type: 'unspecified' }, meta: { upcastFrom: 1, logical_event_id: logical } });
    await eventually(() => xp(user), (v) => v === 10, { what: 'the welcome bonus' });
    // Two distinct users created without a logical id are two events.
    const other = uniqueId('other');
    for (let i = 0; i < 2; i++) expect((await post({ ...v2, event_id: randomUUID(), logical_event_id: undefined, user_id: `${other}-${i}` })).body.duplicate).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    expect(await xp(user)).toBe(10);
  });

  it('a daily sign-in earns once a day; secondary events (vas.report.generated) are registered and earn nothing', async () => {
    const user = uniqueId('login');
    for (let i = 0; i < 3; i++) expect((await post({ event: 'vas.auth.login_success.v1', event_id: randomUUID(), timestamp: now(), user_id: user, auth_method: 'password' })).status).toBe(202);
    const report = await post({ event: 'vas.report.generated.v1', event_id: randomUUID(), timestamp: now(), user_id: user, report_id: 'r-1' });
    expect(report.status).toBe(202);
    await eventually(() => api(app.url, dx).get(`/v1/events/${report.body.id}`), (r) => r.body?.status === 'processed', { what: 'the report event processed' });
    await eventually(() => xp(user), (v) => v === 2, { what: '2 XP for the first sign-in of the day' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await xp(user)).toBe(2);
  });
});
