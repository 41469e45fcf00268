import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
// s3rver: an S3-compatible server in Node (the S3 REST protocol over HTTP, objects on disk).
import S3rver from 's3rver';
import { api, eventually, infraEnv, spawnApp, TestTenants, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(180_000);

const DAY = 86_400_000;
const BUCKET = 'questline-archive';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * The archive port's second adapter on a real S3-compatible server: the retention job writes each
 * expired page as a gzip JSON-lines object and an index object per file, through the AWS SDK,
 * before it deletes the events; what the bucket holds reads back whole and matches its SHA-256.
 */
describe('retention: the archive in an S3-compatible bucket', () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree');
  let server: S3rver;
  let endpoint = '';
  let app: SpawnedService;
  let s3: S3Client;
  beforeAll(async () => {
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: mkdtempSync(join(tmpdir(), 'questline-s3-')), configureBuckets: [{ name: BUCKET }] });
    endpoint = `http://127.0.0.1:${(await server.run()).port}`;
    s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: CREDENTIALS });
    app = await spawnApp(
      'standalone',
      {
        ...infraEnv(),
        PACKS_DIR: tenants.packsDir,
        QUESTLINE_NAMESPACE: `${uniqueId('rs3')}.`,
        RETENTION_ARCHIVE_S3_URL: `s3://${BUCKET}/events`,
        RETENTION_ARCHIVE_S3_ENDPOINT: endpoint,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        DELETION_GRACE_MS: '100',
      },
      120_000,
    );
  });
  afterAll(async () => {
    if (app) expect(await app.stop()).toBe(true);
    s3?.destroy();
    await server?.close();
  });

  it('archives expired events as objects with an index object each, then deletes them; kept ones stay; an erasure rewrites them', async () => {
    const user = uniqueId('u');
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    const ev = (days: number) => ({ type: 'realtime.user.joined', userId: user, idempotencyKey: uniqueId('k'), occurredAt: ago(days), payload: { user_id: user, channel_id: 'c' } });
    const ids: string[] = [];
    for (const e of [ev(9), ev(8), ev(6)]) ids.push((await api(app.url, tek).post('/v1/events', e)).body.id);
    for (const id of ids) await eventually(() => api(app.url, tek).get(`/v1/events/${id}`), (r) => r.body?.status === 'processed', { what: `${id} processed` });

    const run = await api(app.url, tek).post('/v1/admin/retention/run', {});
    expect(run.status).toBe(200);
    const entry = run.body.types.find((t: { type: string }) => t.type === 'realtime.user.joined');
    expect(entry).toMatchObject({ expired: 2, archived: 2, files: [expect.stringMatching(new RegExp(`^s3://${BUCKET}/events/${tek}/realtime\\.user\\.joined/.+\\.jsonl\\.gz$`))] });
    expect([(await api(app.url, tek).get(`/v1/events/${ids[0]}`)).status, (await api(app.url, tek).get(`/v1/events/${ids[1]}`)).status, (await api(app.url, tek).get(`/v1/events/${ids[2]}`)).status]).toEqual([404, 404, 200]);

    // Read back through the S3 API: the index object names the file, its ids and its SHA-256.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `events/index/${tek}/` }));
    expect(listed.Contents).toHaveLength(1);
    const index = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: listed.Contents![0]!.Key! }))).Body!.transformToString()) as { file: string; ids: string[]; sha256: string; count: number };
    expect(index).toMatchObject({ tenantId: tek, type: 'realtime.user.joined', count: 2 });
    expect(`s3://${BUCKET}/${index.file}`).toBe(entry.files[0]);
    expect([...index.ids].sort()).toEqual([ids[0], ids[1]].sort());
    const body = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: index.file }))).Body!.transformToByteArray());
    expect(createHash('sha256').update(body).digest('hex')).toBe(index.sha256);
    const lines = gunzipSync(body).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; userId: string });
    expect(lines.map((l) => l.id)).toEqual(index.ids);
    expect(lines[0]).toMatchObject({ userId: user });

    // Erasure reaches the bucket: the archived file is rewritten without the user, its index object gets the new SHA-256.
    const deleted = await api(app.url, tek).delete(`/v1/admin/users/${user}`);
    expect(deleted.body).toMatchObject({ archive: { files: 1, events: 2 } });
    const rewritten = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: index.file }))).Body!.transformToByteArray());
    expect(gunzipSync(rewritten).toString('utf8')).not.toContain(user);
    expect(gunzipSync(rewritten).toString('utf8')).toContain(deleted.body.pseudonym);
    const reindexed = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: listed.Contents![0]!.Key! }))).Body!.transformToString()) as { sha256: string };
    expect(reindexed.sha256).toBe(createHash('sha256').update(rewritten).digest('hex'));

    // Idempotent: a second run finds nothing more to archive.
    expect((await api(app.url, tek).post('/v1/admin/retention/run', {})).body.types.find((t: { type: string }) => t.type === 'realtime.user.joined')).toBeUndefined();
  });
});
