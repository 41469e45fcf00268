import { answerAccepted, api, createApiKey, eventually, spawnEmbedded, SseClient, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(120_000);

/** The pack's templates (ICU, per locale) and batching, and each user's preferences, through the real app. */
describe('feed: templates, batching and preferences', () => {
  const tenants = new TestTenants();
  const NOTIFICATIONS = [
    'notifications:',
    '  defaultLocale: en',
    '  templates:',
    '    points.awarded:',
    '      en: "{count, plural, one {+{amount} {currency}} other {+{total} {currency} from # accepted answers}}"',
    '      vi: "{count, plural, other {Bạn nhận được {total} {currency} (# lần)}}"',
    '  batch:',
    '    points.awarded: { windowSeconds: 600 }',
    '',
  ].join('\n');
  const tenant = tenants.newTenant('tektree', (t) => `${t.trimEnd()}\n${NOTIFICATIONS}`);
  // A tenant that keeps achievements out of every user's feed (their outcomes still happen).
  const quiet = tenants.newTenant('tektree', (t) => `${t.trimEnd()}\nnotifications:\n  mute: [achievement.*]\n`);
  let app: SpawnedService;
  let backend: { key: string };
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir);
    backend = await createApiKey(app.url, tenant, ['events:write']);
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  const asUser = async (userId: string) => {
    const token = (await api(app.url, tenant, { key: backend.key }).post(`/v1/users/${userId}/tokens`, {})).body.token as string;
    return { token, call: (method: string, path: string, body?: unknown) => fetch(`${app.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })) };
  };
  const answers = (author: string, n: number) => api(app.url, tenant, { key: backend.key }).post('/v1/events/batch', { events: Array.from({ length: n }, () => answerAccepted({ author })) });
  const feed = (userId: string) => api(app.url, tenant).get(`/v1/users/${userId}/notifications?limit=100`);

  it('groups one kind within the window into one entry, titled by the pack template; a stream sends the group again under its new number', async () => {
    const ann = uniqueId('ann');
    const { token } = await asUser(ann);
    const stream = await SseClient.connect(`${app.url}/v1/users/${ann}/stream?access_token=${encodeURIComponent(token)}`);
    await stream.waitFor((e) => e.some((x) => x.event === 'ready'), 10_000, 'ready');
    type Note = { id: string; seq: number; kind: string; title: string; data: Record<string, unknown> };
    const isLevel2 = (n: Note) => n.kind === 'achievement.unlocked' && n.data['level'] === 2;
    for (let i = 0; i < 3; i++) {
      await answers(ann, 1);
      await eventually(() => api(app.url, tenant).get(`/v1/users/${ann}/profile`), (r) => r.body?.balances?.xp?.lifetime === 50 * (i + 1), { what: `award ${i + 1}` });
      // 100 xp reach level 2: announced before the third award grows the group again.
      if (i === 1) await eventually(() => feed(ann), (r) => r.body.notifications.some(isLevel2), { what: 'level 2 in the feed' });
    }
    const page = await eventually(() => feed(ann), (r) => r.body.notifications.some((n: { title: string }) => n.title === '+150 xp from 3 accepted answers'), { what: 'the grouped title' });
    // Last change first (adopter 4 #7): the group started before level 2 and grew after it, so it is back on top.
    const notes: Note[] = page.body.notifications;
    expect(notes[0]).toMatchObject({ kind: 'points.awarded', title: '+150 xp from 3 accepted answers' });
    expect(notes.findIndex(isLevel2)).toBeGreaterThan(0);
    expect(notes.map((n) => n.seq)).toEqual(notes.map((n) => n.seq).sort((x, y) => y - x));
    // Pages of one walk the same order.
    const walked: string[] = [];
    for (let cursor: string | null = '', pages = 0; cursor !== null && pages < 20; pages++) {
      const one: { notifications: Note[]; nextCursor: string | null } = (await api(app.url, tenant).get(`/v1/users/${ann}/notifications?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
      walked.push(...one.notifications.map((n) => n.id));
      cursor = one.nextCursor;
    }
    expect(walked).toEqual(notes.map((n) => n.id));
    // A cursor written before (a notification id) still continues after the notification it ended at.
    const old = Buffer.from(`n${notes[0]!.id}`).toString('base64url');
    // One for a notification that is gone (retention) or not this user's is no place to continue from.
    expect((await api(app.url, tenant).get(`/v1/users/${uniqueId('nobody')}/notifications?cursor=${old}`)).body).toMatchObject({ status: 422, code: 'invalid_cursor' });
    expect((await api(app.url, tenant).get(`/v1/users/${ann}/notifications?limit=100&cursor=${old}`)).body.notifications.map((n: Note) => n.id)).toEqual(notes.slice(1).map((n) => n.id));
    const points = page.body.notifications.filter((n: { kind: string }) => n.kind === 'points.awarded');
    expect(points).toHaveLength(1);
    expect(points[0].data).toMatchObject({ count: 3, total: 150, currency: 'xp' });
    // The stream saw the group three times, same id, rising numbers: the client keeps the last.
    await stream.waitFor((e) => e.filter((x) => x.event === 'notification' && x.data.id === points[0].id).length === 3, 10_000, 'the group three times');
    const sends = stream.of('notification').filter((x) => x.data.id === points[0].id);
    expect(sends.map((x) => x.data.title)).toEqual(['+50 xp', '+100 xp from 2 accepted answers', '+150 xp from 3 accepted answers']);
    expect(sends.map((x) => Number(x.id))).toEqual([...sends.map((x) => Number(x.id))].sort((a, b) => a - b));
    await stream.close();
    // Read, the group closes: the next award starts a new entry.
    await api(app.url, tenant).post(`/v1/users/${ann}/notifications/read`, {});
    await answers(ann, 1);
    await eventually(() => feed(ann), (r) => r.body.notifications.filter((n: { kind: string }) => n.kind === 'points.awarded').map((n: { title: string }) => n.title).join('|') === '+50 xp|+150 xp from 3 accepted answers', { what: 'a new group after reading' });
  });

  it("a user's preferences, set with their own token: muted kinds are not recorded, titles come in their locale, in-app off keeps the feed empty", async () => {
    const [ben, cat] = [uniqueId('ben'), uniqueId('cat')];
    const asBen = await asUser(ben);
    expect(await asBen.call('GET', `/v1/users/${ben}/notifications/preferences`)).toMatchObject({ status: 200, body: { userId: ben, muted: [], inApp: true, webhook: true, locale: null } });
    expect(await asBen.call('PUT', `/v1/users/${ben}/notifications/preferences`, { muted: ['achievement.*'], locale: 'vi' })).toMatchObject({ status: 200, body: { muted: ['achievement.*'], locale: 'vi' } });
    expect(await asBen.call('PUT', `/v1/users/${cat}/notifications/preferences`, { inApp: false })).toMatchObject({ status: 403, body: { code: 'other_user' } });
    expect(await asBen.call('PUT', `/v1/users/${ben}/notifications/preferences`, { muted: ['<script>'] })).toMatchObject({ status: 422 });
    expect((await api(app.url, tenant).put(`/v1/users/${cat}/notifications/preferences`, { inApp: false })).status).toBe(200);

    // Dan, in the same batches with no preferences, shows when achievements have reached the feed.
    const dan = uniqueId('dan');
    await api(app.url, tenant, { key: backend.key }).post('/v1/events/batch', { events: [answerAccepted({ author: ben }), answerAccepted({ author: dan }), answerAccepted({ author: ben }), answerAccepted({ author: dan })] });
    await answers(cat, 2);
    await eventually(() => api(app.url, tenant).get(`/v1/users/${cat}/profile`), (r) => r.body?.balances?.xp?.lifetime === 100, { what: 'cat credited' });
    let bens = await eventually(() => feed(ben), (r) => r.body.notifications.some((n: { title: string }) => n.title === 'Bạn nhận được 100 xp (2 lần)'), { what: "ben's title in Vietnamese" });
    // Ben's achievements (First XP, Level 2…) happened, and were not recorded for him.
    await eventually(() => api(app.url, tenant).get(`/v1/users/${ben}/achievements`), (r) => r.body.achievements.length > 0, { what: "ben's achievements" });
    await eventually(() => feed(dan), (r) => r.body.notifications.filter((n: { kind: string }) => n.kind === 'achievement.unlocked').length >= 2, { what: "dan's achievements in his feed" });
    await new Promise((r) => setTimeout(r, 300));
    bens = await feed(ben);
    expect(bens.body.notifications.filter((n: { kind: string }) => n.kind.startsWith('achievement.'))).toEqual([]);
    const cats = await feed(cat);
    expect([cats.body.notifications, cats.body.unread]).toEqual([[], 0]);
  });

  it("the tenant's `mute` keeps a kind out of every user's feed; the outcome itself still happens", async () => {
    const eve = uniqueId('eve');
    const quietKey = await createApiKey(app.url, quiet, ['events:write']);
    await api(app.url, quiet, { key: quietKey.key }).post('/v1/events/batch', { events: [answerAccepted({ author: eve }), answerAccepted({ author: eve })] });
    await eventually(() => api(app.url, quiet).get(`/v1/users/${eve}/achievements`), (r) => (r.body?.achievements ?? []).length > 0, { what: "eve's achievements" });
    const page = await eventually(() => api(app.url, quiet).get(`/v1/users/${eve}/notifications?limit=100`), (r) => (r.body?.notifications ?? []).filter((n: { kind: string }) => n.kind === 'points.awarded').length === 2, { what: "eve's points in her feed" });
    expect(page.body.notifications.filter((n: { kind: string }) => n.kind.startsWith('achievement.'))).toEqual([]);
  });
});
