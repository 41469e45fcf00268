import { Pool } from 'pg';
import { infraEnv, uniqueId } from '@questline/testing';
import { applyMigrations } from './migrate';
import { enqueueWebhookDeliveries } from './outbound-webhooks';

jest.setTimeout(60_000);

describe('enqueueWebhookDeliveries (real Postgres)', () => {
  let db: Pool;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    db = new Pool({ connectionString: infraEnv().DATABASE_URL, max: 2 });
  });
  afterAll(() => db.end());

  it("queues each message with its own payload for every endpoint that wants its kind, once per endpoint and message", async () => {
    const tenantId = uniqueId('wh');
    const endpoint = (id: string, kinds: string[]) =>
      db.query(`INSERT INTO webhook_endpoint (id, tenant_id, url, kinds, secrets) VALUES ($1, $2, 'http://127.0.0.1:1/hook', $3, '[]'::jsonb)`, [id, tenantId, kinds]);
    await endpoint(`${tenantId}-all`, ['*']);
    await endpoint(`${tenantId}-streaks`, ['streak.*']);
    const messages = ['points.awarded', 'streak.started', 'points.awarded', 'streak.milestone'].map((kind, i) => ({
      tenantId,
      messageId: `m${i}`,
      kind,
      payload: { i, kind, note: `"${i}" \\ ✓` },
    }));
    expect(await enqueueWebhookDeliveries(db, messages)).toBe(6);
    expect(await enqueueWebhookDeliveries(db, messages)).toBe(0); // redelivered: nothing new
    const { rows } = await db.query<{ endpoint_id: string; message_id: string; kind: string; payload: unknown }>(
      'SELECT endpoint_id, message_id, kind, payload FROM webhook_delivery WHERE tenant_id = $1 ORDER BY endpoint_id, message_id',
      [tenantId],
    );
    const expected = (ep: string, is: number[]) => is.map((i) => ({ endpoint_id: `${tenantId}-${ep}`, message_id: `m${i}`, kind: messages[i]!.kind, payload: messages[i]!.payload }));
    expect(rows).toEqual([...expected('all', [0, 1, 2, 3]), ...expected('streaks', [1, 3])]);
  });

  it('builds a body only for a message some enabled endpoint of its tenant wants, and queues it as if it were given', async () => {
    const tenantId = uniqueId('wh');
    const quiet = uniqueId('wh'); // no endpoint at all
    await db.query(`INSERT INTO webhook_endpoint (id, tenant_id, url, kinds, secrets) VALUES ($1, $2, 'http://127.0.0.1:1/hook', $3, '[]'::jsonb)`, [`${tenantId}-streaks`, tenantId, ['streak.*']]);
    await db.query(`INSERT INTO webhook_endpoint (id, tenant_id, url, kinds, secrets, enabled) VALUES ($1, $2, 'http://127.0.0.1:1/hook', $3, '[]'::jsonb, false)`, [`${tenantId}-off`, tenantId, ['*']]);
    const built: string[] = [];
    const message = (t: string, messageId: string, kind: string) => ({
      tenantId: t,
      messageId,
      kind,
      payload: () => {
        built.push(`${t === quiet ? 'quiet' : 'main'}:${messageId}`);
        return { messageId, kind };
      },
    });
    expect(await enqueueWebhookDeliveries(db, [message(quiet, 'q1', 'streak.started'), message(quiet, 'q2', 'points.awarded')])).toBe(0);
    expect(built).toEqual([]); // no endpoint: nothing built, nothing written

    const batch = [message(tenantId, 'm1', 'points.awarded'), message(quiet, 'q3', 'streak.started'), message(tenantId, 'm2', 'streak.broken'), message(tenantId, 'm3', 'streaks.other')];
    expect(await enqueueWebhookDeliveries(db, batch)).toBe(1);
    expect(built).toEqual(['main:m2']); // the disabled endpoint wants everything: it counts for nothing
    const { rows } = await db.query('SELECT endpoint_id, message_id, payload FROM webhook_delivery WHERE tenant_id = ANY($1) ORDER BY message_id', [[tenantId, quiet]]);
    expect(rows).toEqual([{ endpoint_id: `${tenantId}-streaks`, message_id: 'm2', payload: { messageId: 'm2', kind: 'streak.broken' } }]);
  });

  it('gives an endpoint created while a batch is queued all of that batch or none of it, and reads a NULL kinds list as matching nothing', async () => {
    const tenantId = uniqueId('wh');
    const endpoint = (id: string, kinds: string[] | null) =>
      db.query(`INSERT INTO webhook_endpoint (id, tenant_id, url, kinds, secrets) VALUES ($1, $2, 'http://127.0.0.1:1/hook', $3, '[]'::jsonb)`, [`${tenantId}-${id}`, tenantId, kinds]);
    await endpoint('streaks', ['streak.*']);
    await endpoint('broken', null); // only out-of-band SQL writes this; it must not stop the queue
    // The endpoint `late` appears between the read of the endpoints and the INSERT.
    let reads = 0;
    const racing = {
      query: async (text: string, values?: unknown[]) => {
        const result = await db.query(text, values);
        if (reads++ === 0) await endpoint('late', ['*']);
        return result;
      },
    } as unknown as Pool;
    const batch = [
      { tenantId, messageId: 'm1', kind: 'points.awarded', payload: { n: 1 } },
      { tenantId, messageId: 'm2', kind: 'streak.broken', payload: { n: 2 } },
    ];
    expect(await enqueueWebhookDeliveries(racing, batch)).toBe(1);
    const delivered = async () =>
      (await db.query<{ d: string }>("SELECT endpoint_id || ':' || message_id AS d FROM webhook_delivery WHERE tenant_id = $1 ORDER BY 1", [tenantId])).rows.map((r) => r.d);
    expect(await delivered()).toEqual([`${tenantId}-streaks:m2`]);
    // The next batch finds it.
    expect(await enqueueWebhookDeliveries(db, [{ tenantId, messageId: 'm3', kind: 'points.awarded', payload: { n: 3 } }])).toBe(1);
    expect(await delivered()).toEqual([`${tenantId}-late:m3`, `${tenantId}-streaks:m2`]);
  });
});
