import { answerAccepted, api, eventually } from '@questline/testing';

export interface FlowUrls {
  ingest: string;
  points: string;
  achievements: string;
  notifications: string;
}

/**
 * The walking skeleton, as a client sees it: an accepted answer becomes +50 XP for its author on
 * the leaderboard and profile, unlocks "First XP", and shows up in the author's notifications.
 * A duplicate submission changes nothing.
 */
export async function runAnswerAcceptedFlow(urls: FlowUrls, tenant: string): Promise<void> {
  const author = 'alice';
  const event = answerAccepted({ author, acceptedBy: 'bob' });

  const accepted = await api(urls.ingest, tenant).post('/v1/events', event);
  expect(accepted.status).toBe(202);
  expect(accepted.body).toEqual({ id: expect.any(String), status: 'queued', duplicate: false });

  const board = await eventually(
    () => api(urls.points, tenant).get('/v1/leaderboards/xp'),
    (r) => r.status === 200 && r.body.entries.length === 1,
    { what: 'alice on the xp leaderboard', timeoutMs: 45_000 },
  );
  expect(board.body.entries).toEqual([{ rank: 1, userId: author, score: 50 }]);

  const profile = await api(urls.points, tenant).get(`/v1/users/${author}/profile`);
  expect(profile.body).toEqual({
    userId: author,
    balances: { xp: { lifetime: 50, spendable: 50, net: 50 } },
    level: { currency: 'xp', level: 1, nextAt: 100 },
    ranks: [{ board: 'xp', window: 'all-time', rank: 1, score: 50 }],
  });

  const ledger = await api(urls.points, tenant).get(`/v1/users/${author}/ledger`);
  expect(ledger.body.entries).toEqual([
    expect.objectContaining({ amount: 50, currency: 'xp', kind: 'earn', ruleId: 'answer-accepted', ruleVersion: 1, sourceEventId: accepted.body.id }),
  ]);

  const achievements = await eventually(
    () => api(urls.achievements, tenant).get(`/v1/users/${author}/achievements`),
    (r) => r.status === 200 && r.body.achievements.length === 1,
    { what: 'the first-xp achievement', timeoutMs: 45_000 },
  );
  expect(achievements.body.achievements[0]).toMatchObject({ id: 'first-xp', name: 'First XP', sourceEventId: accepted.body.id });

  const notifications = await eventually(
    () => api(urls.notifications, tenant).get(`/v1/users/${author}/notifications`),
    (r) => r.status === 200 && r.body.notifications.length === 2,
    { what: 'two notifications', timeoutMs: 45_000 },
  );
  expect(notifications.body.notifications.map((n: { kind: string; title: string }) => [n.kind, n.title]).sort()).toEqual([
    ['achievement.unlocked', 'Achievement unlocked: First XP'],
    ['points.awarded', '+50 xp'],
  ]);

  // The same event again (a producer retry): same id, nothing counted twice.
  const duplicate = await api(urls.ingest, tenant).post('/v1/events', event);
  expect(duplicate.status).toBe(202);
  expect(duplicate.body).toMatchObject({ id: accepted.body.id, duplicate: true });
  // A second, distinct event proves the pipeline has moved past the duplicate before we look.
  await api(urls.ingest, tenant).post('/v1/events', answerAccepted({ author: 'carol' }));
  await eventually(
    () => api(urls.points, tenant).get('/v1/leaderboards/xp'),
    (r) => r.status === 200 && r.body.entries.length === 2,
    { what: 'carol on the leaderboard', timeoutMs: 45_000 },
  );
  const after = await api(urls.points, tenant).get(`/v1/users/${author}/profile`);
  expect(after.body.balances.xp).toEqual({ lifetime: 50, spendable: 50, net: 50 });
  const notificationsAfter = await api(urls.notifications, tenant).get(`/v1/users/${author}/notifications`);
  expect(notificationsAfter.body.notifications).toHaveLength(2);
}
