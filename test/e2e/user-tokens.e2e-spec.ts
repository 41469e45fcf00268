import { answerAccepted, api, createApiKey, eventually, spawnEmbedded, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(120_000);

/** User-scoped client tokens through the real app: what a browser holding one can and cannot do. */
describe('user tokens: a client reads its own user, nothing else', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  const other = tenants.newTenant('tektree');
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
});
