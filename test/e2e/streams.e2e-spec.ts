import { UserTokens } from '@questline/auth';
import WebSocket from 'ws';
import { answerAccepted, api, createApiKey, eventually, spawnEmbedded, SseClient, TEST_ROOT_KEY, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(120_000);

/** Live notifications over Server-Sent Events, with a user token, through the real app. */
describe('user streams (SSE): live, resumable, each notification once', () => {
  const tenants = new TestTenants();
  const tenant = tenants.newTenant('tektree');
  let app: SpawnedService;
  let backend: { key: string };
  beforeAll(async () => {
    app = await spawnEmbedded(tenants.packsDir, { STREAM_HEARTBEAT_MS: '300', LEADERBOARD_STREAM_INTERVAL_MS: '400' });
    backend = await createApiKey(app.url, tenant, ['events:write']);
  });
  afterAll(async () => {
    expect(await app.stop()).toBe(true);
  });

  const mint = async (userId: string) => (await api(app.url, tenant, { key: backend.key }).post(`/v1/users/${userId}/tokens`, { ttlSeconds: 600 })).body.token as string;
  const send = async (...events: object[]) => expect((await api(app.url, tenant, { key: backend.key }).post('/v1/events/batch', { events })).status).toBe(202);
  const streamUrl = (userId: string, token: string) => `${app.url}/v1/users/${userId}/stream?access_token=${encodeURIComponent(token)}`;
  const seqs = (c: SseClient) => c.of('notification').map((e) => Number(e.id));

  it('pushes what the feed records, in sequence; a reconnect with Last-Event-ID gets exactly what it missed', async () => {
    const ann = uniqueId('ann');
    const token = await mint(ann);
    const first = await SseClient.connect(streamUrl(ann, token));
    expect(first.status).toBe(200);
    await first.waitFor((e) => e.some((x) => x.event === 'ready'), 10_000, 'ready');
    expect(first.of('ready')[0]!.data).toMatchObject({ userId: ann, lastEventId: 0, unread: 0 });

    // Three accepted answers: each gives ann +50 xp (a notification each) and, the first, achievements.
    await send(answerAccepted({ author: ann }), answerAccepted({ author: ann }), answerAccepted({ author: ann }));
    await first.waitFor((e) => e.filter((x) => x.event === 'notification' && x.data.kind === 'points.awarded').length === 3, 15_000, 'three points notifications');
    // Heartbeats keep the connection visibly alive.
    await first.waitFor(() => first.comments >= 1, 5_000, 'a keep-alive comment');
    const before = seqs(first);
    expect(before).toEqual(before.map((_, i) => i + 1));
    await first.close();

    // While disconnected: two more answers, and whatever else they cause.
    await send(answerAccepted({ author: ann }), answerAccepted({ author: ann }));
    const feed = async () => (await api(app.url, tenant).get(`/v1/users/${ann}/notifications?limit=100`)).body;
    const all = await eventually(feed, (b) => b.notifications.filter((n: { kind: string }) => n.kind === 'points.awarded').length === 5, { what: 'five points in the feed' });

    const resumed = await SseClient.connect(`${app.url}/v1/users/${ann}/stream`, { authorization: `Bearer ${token}`, 'last-event-id': String(before[before.length - 1]) });
    await resumed.waitFor((e) => e.some((x) => x.event === 'ready'), 10_000, 'ready after resume');
    // Everything after the last id, once, in order; together they are the whole feed.
    const missed = seqs(resumed);
    expect(missed).toEqual(missed.map((_, i) => before.length + 1 + i));
    const seen = [...first.of('notification'), ...resumed.of('notification')].map((e) => e.data.id).sort();
    expect(seen).toEqual(all.notifications.map((n: { id: string }) => n.id).sort());
    // And it stays live.
    await send(answerAccepted({ author: ann }));
    await resumed.waitFor((e) => e.filter((x) => x.event === 'notification' && x.data.kind === 'points.awarded').length >= 3, 15_000, 'the sixth award live');
    expect(seqs(resumed)).toEqual(seqs(resumed).map((_, i) => before.length + 1 + i));
    await resumed.close();
  });

  it("refuses another user's stream, an expired, a tampered or a foreign token, and an API key in the URL", async () => {
    const [ann, ben] = [uniqueId('ann'), uniqueId('ben')];
    const token = await mint(ann);
    const reader = await createApiKey(app.url, tenant, ['read']);
    const tokens = new UserTokens([], TEST_ROOT_KEY);
    const expired = (await tokens.sign(tenant, ann, -60)).token;
    const [h, p, s] = token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: ben })).toString('base64url')}.${s}`;
    const foreign = (await new UserTokens([{ kid: 'other', secret: 'x'.repeat(40) }], undefined).sign(tenant, ann, 600)).token;
    const tries = [
      await SseClient.connect(streamUrl(ben, token)),
      await SseClient.connect(streamUrl(ann, expired)),
      await SseClient.connect(streamUrl(ben, tampered)),
      await SseClient.connect(streamUrl(ann, foreign)),
      await SseClient.connect(`${app.url}/v1/users/${ann}/stream?access_token=${reader.key}`),
    ];
    expect(tries.map((c) => [c.status, c.events[0]?.data?.code])).toEqual([
      [403, 'other_user'],
      [401, 'user_token_expired'],
      [401, 'invalid_user_token'],
      [401, 'invalid_user_token'],
      [401, 'invalid_user_token'],
    ]);
    // A tenant key (a backend) may follow any user's stream with its header.
    const byKey = await SseClient.connect(`${app.url}/v1/users/${ben}/stream`, { authorization: `Bearer ${reader.key}` });
    expect(byKey.status).toBe(200);
    await byKey.close();
  });

  it('a live board pushes the top N and the subscriber\'s own rank when they change, at most once per interval', async () => {
    const board = uniqueId('u'); // users of this test only share the tenant's xp board with the others: follow ranks relative to each other
    const [ann, ben] = [`${board}-ann`, `${board}-ben`];
    await send(answerAccepted({ author: ann }), answerAccepted({ author: ann }));
    await eventually(() => api(app.url, tenant).get(`/v1/users/${ann}/profile`), (r) => r.body?.balances?.xp?.lifetime === 100, { what: 'ann at 100' });
    const live = await SseClient.connect(`${app.url}/v1/leaderboards/xp/stream?top=100&access_token=${encodeURIComponent(await mint(ann))}`);
    expect(live.status).toBe(200);
    const updates = () => live.of('leaderboard.updated').map((e) => e.data);
    await live.waitFor(() => updates().length >= 1, 10_000, 'the first update');
    expect(updates()[0]).toMatchObject({ board: 'xp', window: 'all-time', you: { userId: ann, score: 100 } });
    const annRank = updates()[0].you.rank as number;
    expect(updates()[0].top).toContainEqual({ rank: annRank, userId: ann, score: 100 });

    // Ben passes ann in a burst of awards: ann sees it, updates at least an interval apart.
    await send(...Array.from({ length: 3 }, () => answerAccepted({ author: ben })));
    await live.waitFor(() => updates().some((u) => u.top.some((e: { userId: string; score: number }) => e.userId === ben && e.score === 150)), 15_000, 'ben at 150 on the board');
    const last = updates()[updates().length - 1];
    expect(last.you).toEqual({ userId: ann, rank: annRank + 1, score: 100 });
    const times = updates().map((u) => Date.parse(u.at));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(350);

    // A board that does not exist is a 404 before any stream opens.
    const unknown = await SseClient.connect(`${app.url}/v1/leaderboards/nope/stream?access_token=${encodeURIComponent(await mint(ann))}`);
    expect([unknown.status, unknown.events[0]?.data?.code]).toEqual([404, 'unknown_leaderboard']);
    await live.close();
  });

  describe('the same streams over WebSocket (an Upgrade to the same path)', () => {
    /** Opens a socket and collects its frames; resolves with the HTTP refusal instead when the upgrade is refused. */
    const socket = (url: string, headers: Record<string, string> = {}) =>
      new Promise<{ frames: any[]; ws: WebSocket } | { status: number; body: any }>((resolve, reject) => {
        const ws = new WebSocket(url.replace(/^http/, 'ws'), { headers });
        const frames: any[] = [];
        ws.on('message', (m) => frames.push(JSON.parse(String(m))));
        ws.on('open', () => resolve({ frames, ws }));
        ws.on('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
        });
        ws.on('error', reject);
      });
    const until = async (frames: any[], pred: (f: any[]) => boolean, what: string) => eventually(async () => frames, pred, { what, timeoutMs: 15_000, intervalMs: 20 });

    it('carries the same notifications with the same ids, resumes after lastEventId, and refuses as the SSE route does', async () => {
      const ann = uniqueId('ann');
      const token = encodeURIComponent(await mint(ann));
      const opened = await socket(`${app.url}/v1/users/${ann}/stream?access_token=${token}`);
      if (!('ws' in opened)) throw new Error(`refused: ${JSON.stringify(opened)}`);
      await until(opened.frames, (f) => f.some((x) => x.event === 'ready'), 'ready');
      await send(answerAccepted({ author: ann }), answerAccepted({ author: ann }));
      await until(opened.frames, (f) => f.filter((x) => x.event === 'notification' && x.data.kind === 'points.awarded').length === 2, 'two awards');
      const notes = opened.frames.filter((x) => x.event === 'notification');
      expect(notes.map((x) => x.id)).toEqual(notes.map((_, i) => String(i + 1)));
      opened.ws.close();

      // An SSE stream resumed from the socket's first id gets the rest: the ids are the same on both.
      const sse = await SseClient.connect(`${app.url}/v1/users/${ann}/stream?access_token=${token}&lastEventId=1`);
      await sse.waitFor((e) => e.some((x) => x.event === 'ready'), 10_000, 'ready');
      // (more may have come since the socket closed: the award's achievements)
      expect(sse.of('notification').map((e) => e.data.id).slice(0, notes.length - 1)).toEqual(notes.slice(1).map((x) => x.data.id));
      await sse.close();
      const resumed = await socket(`${app.url}/v1/users/${ann}/stream?lastEventId=1`, { authorization: `Bearer ${decodeURIComponent(token)}` });
      if (!('ws' in resumed)) throw new Error('refused');
      await until(resumed.frames, (f) => f.some((x) => x.event === 'ready'), 'ready after resume');
      expect(resumed.frames.filter((x) => x.event === 'notification').map((x) => x.data.id).slice(0, notes.length - 1)).toEqual(notes.slice(1).map((x) => x.data.id));
      resumed.ws.close();

      // A live board over a socket.
      const board = await socket(`${app.url}/v1/leaderboards/xp/stream?top=3&access_token=${token}`);
      if (!('ws' in board)) throw new Error('refused');
      await until(board.frames, (f) => f.some((x) => x.event === 'leaderboard.updated' && x.data.you?.userId === ann), 'a board update');
      board.ws.close();

      const refusals = [
        await socket(`${app.url}/v1/users/someone-else/stream?access_token=${token}`),
        await socket(`${app.url}/v1/users/${ann}/stream?access_token=not-a-token`),
        await socket(`${app.url}/v1/leaderboards/nope/stream?access_token=${token}`),
        await socket(`${app.url}/v1/leaderboards/xp/stream?top=5000&access_token=${token}`),
        await socket(`${app.url}/v1/users/${ann}/profile?access_token=${token}`),
      ];
      expect(refusals.map((r) => ('status' in r ? [r.status, r.body.code] : 'opened'))).toEqual([
        [403, 'other_user'],
        [401, 'invalid_user_token'],
        [404, 'unknown_leaderboard'],
        [422, 'invalid_request'],
        [404, 'route_not_found'],
      ]);
    });
  });
});
