import { answerAccepted, api, createApiKey, eventually, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(120_000);

/** User-scoped client tokens through the real app: what a browser holding one can and cannot do. */
describe('user tokens: a client reads its own user, nothing else', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const other = tenants.newTenant('tektree');
  const APP_ORIGIN = 'https://app.tektree.example';
  const web = tenants.newTenant('tektree', (t) => t.replace(/^schemaNamespace: (.*)$/m, `schemaNamespace: $1\nclients: { corsOrigins: ['${APP_ORIGIN}'] }`));
  let app: SpawnedService;
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir);
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  const asToken = (token: string, path: string, init: RequestInit = {}) =>
    fetch(`${app.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? {}) } }).then(async (r) => ({
      status: r.status,
      type: r.headers.get('content-type'),
      body: (await r.json().catch(() => null)) as Record<string, any> | null,
    }));

  it("a backend mints a token for one user; it reads that user's profile, ledger, achievements, feed, progress and the public boards, and nothing else", async () => {
    const backend = await createApiKey(app.url, tenant, ['events:write']);
    const reader = await createApiKey(app.url, tenant, ['read']);
    const [ann, ben] = [uniqueId('ann'), uniqueId('ben')];
    expect((await api(app.url, tenant, { key: backend.key }).post('/v1/events/batch', { events: [answerAccepted({ author: ann }), answerAccepted({ author: ben })] })).status).toBe(202);
    await eventually(() => api(app.url, tenant).get(`/v1/users/${ann}/profile`), (r) => r.body?.balances?.xp?.lifetime === 50, { what: 'ann credited' });

    const minted = await api(app.url, tenant, { key: backend.key }).post(`/v1/users/${ann}/tokens`, { ttlSeconds: 600 });
    expect(minted).toMatchObject({ status: 201, body: { tokenType: 'Bearer', userId: ann, keyId: expect.any(String) } });
    expect(Date.parse(minted.body.expiresAt) - Date.now()).toBeGreaterThan(590_000);
    const token = minted.body.token as string;

    for (const path of [`/v1/users/${ann}/profile`, `/v1/users/${ann}/ledger`, `/v1/users/${ann}/achievements`, `/v1/users/${ann}/notifications`, `/v1/users/${ann}/progress`, '/v1/leaderboards/xp', '/v1/achievements']) {
      expect({ path, status: (await asToken(token, path)).status }).toEqual({ path, status: 200 });
    }
    expect((await asToken(token, `/v1/users/${ann}/profile`)).body).toMatchObject({ balances: { xp: { lifetime: 50 } } });
    // Another user's resources, any write, any admin route, another tenant: 403 with a problem body.
    const refused = [
      await asToken(token, `/v1/users/${ben}/profile`),
      await asToken(token, `/v1/users/${ben}/notifications`),
      await asToken(token, '/v1/events', { method: 'POST', body: JSON.stringify(answerAccepted({ author: ann })) }),
      await asToken(token, `/v1/users/${ann}/tokens`, { method: 'POST', body: '{}' }),
      await asToken(token, '/v1/admin/api-keys'),
      await asToken(token, `/v1/users/${ann}/profile`, { headers: { 'x-questline-tenant': other } }),
    ];
    expect(refused.map((r) => [r.status, r.body?.code])).toEqual([
      [403, 'other_user'],
      [403, 'other_user'],
      [403, 'user_token_not_allowed'],
      [403, 'user_token_not_allowed'],
      [403, 'user_token_not_allowed'],
      [403, 'tenant_mismatch'],
    ]);
    expect(refused.every((r) => r.type?.includes('application/problem+json'))).toBe(true);

    // A tampered token (another user in the payload) and a garbage one: 401.
    const [h, p, s] = token.split('.') as [string, string, string];
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: ben })).toString('base64url')}.${s}`;
    expect(await asToken(forged, `/v1/users/${ben}/profile`)).toMatchObject({ status: 401, body: { code: 'invalid_user_token' } });
    expect((await asToken('a.b.c', `/v1/users/${ann}/profile`)).status).toBe(401);
    // Minting needs events:write (the backend that sends the user's events): a read-only key cannot.
    expect((await api(app.url, tenant, { key: reader.key }).post(`/v1/users/${ann}/tokens`, {})).body).toMatchObject({ status: 403, code: 'insufficient_scope' });
    expect((await api(app.url, tenant, { key: backend.key }).post(`/v1/users/${ann}/tokens`, { ttlSeconds: 10_000_000 })).status).toBe(422);
  });

  it('the feed a client reads with its token: pages by cursor with nothing repeated or skipped, an unread count, marking some or all read (idempotent)', async () => {
    const backend = await createApiKey(app.url, tenant, ['events:write']);
    const cy = uniqueId('cy');
    expect((await api(app.url, tenant, { key: backend.key }).post('/v1/events/batch', { events: [0, 1, 2, 3, 4].map(() => answerAccepted({ author: cy })) })).status).toBe(202);
    const token = (await api(app.url, tenant, { key: backend.key }).post(`/v1/users/${cy}/tokens`, {})).body.token as string;
    // Five awards and the first-xp unlock (and the level it reaches) each leave a notification.
    const first = await eventually(() => asToken(token, `/v1/users/${cy}/notifications?limit=2`), (r) => (r.body?.unread ?? 0) >= 6, { what: "cy's feed filled" });
    const total = first.body!.unread as number;
    const seen: string[] = [];
    let page = first;
    for (;;) {
      expect(page.body!.notifications.length).toBeLessThanOrEqual(2);
      seen.push(...page.body!.notifications.map((n: { id: string }) => n.id));
      if (!page.body!.nextCursor) break;
      page = await asToken(token, `/v1/users/${cy}/notifications?limit=2&cursor=${page.body!.nextCursor}`);
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen); // newest first
    const mark = (body: unknown) => asToken(token, `/v1/users/${cy}/notifications/read`, { method: 'POST', body: JSON.stringify(body) });
    expect((await mark({ ids: seen.slice(0, 2) })).body).toEqual({ userId: cy, marked: 2, unread: total - 2 });
    expect((await mark({ ids: seen.slice(0, 2) })).body).toEqual({ userId: cy, marked: 0, unread: total - 2 });
    // `unread` is true or false: `1` or `yes` is a 422 naming it, not a silent false (Threadly trial #2).
    for (const bad of ['1', 'yes', 'TRUE']) expect(await asToken(token, `/v1/users/${cy}/notifications?unread=${bad}`)).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ pointer: '/unread' })] } });
    const unreadOnly = await asToken(token, `/v1/users/${cy}/notifications?unread=true&limit=100`);
    expect(unreadOnly.body!.notifications.map((n: { id: string }) => n.id)).toEqual(seen.slice(2));
    expect((await mark({})).body).toEqual({ userId: cy, marked: total - 2, unread: 0 });
    expect((await asToken(token, `/v1/users/${cy}/notifications?limit=1`)).body!.notifications[0].readAt).toEqual(expect.any(String));
    // Bad input: a malformed cursor or id is a 422; another user's feed a 403.
    expect((await asToken(token, `/v1/users/${cy}/notifications?cursor=nope`)).body).toMatchObject({ status: 422, code: 'invalid_cursor' });
    expect((await mark({ ids: ['x1'] })).status).toBe(422);
    expect((await asToken(token, `/v1/users/${uniqueId('other')}/notifications/read`, { method: 'POST', body: '{}' })).status).toBe(403);
  });

  it("CORS per tenant: a browser app on an origin its tenant lists can call with its token; other origins and other tenants' tokens get no CORS headers", async () => {
    const backend = await createApiKey(app.url, web, ['events:write']);
    const dee = uniqueId('dee');
    const token = (await api(app.url, web, { key: backend.key }).post(`/v1/users/${dee}/tokens`, {})).body.token as string;
    const otherToken = (await api(app.url, other, { key: (await createApiKey(app.url, other, ['events:write'])).key }).post(`/v1/users/${dee}/tokens`, {})).body.token as string;
    const preflight = (origin: string) =>
      fetch(`${app.url}/v1/users/${dee}/profile`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    const ok = await preflight(APP_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    const evil = await preflight('https://evil.example');
    expect(evil.status).toBe(204);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();

    const get = (t: string, origin: string) => fetch(`${app.url}/v1/users/${dee}/profile`, { headers: { authorization: `Bearer ${t}`, origin } });
    const allowed = await get(token, APP_ORIGIN);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(allowed.headers.get('vary')).toContain('Origin');
    expect((await get(token, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    // Another tenant's token from this origin: that tenant does not list it.
    expect((await get(otherToken, APP_ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
    // A 401 is readable by a listed origin (the app can tell the user to sign in again).
    const unauthorized = await get('x.y.z', APP_ORIGIN);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });
});
