import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ArchivedEvent, EventArchive } from '../domain/event-archive.port';
import { scrubArchive } from './archive-scrub';

export interface S3ArchiveOptions {
  /** `s3://<bucket>[/<prefix>]`. */
  url: string;
  /** An S3-compatible endpoint (path-style addressing); absent: AWS itself. */
  endpoint?: string;
  region?: string;
}

/**
 * The archive in an S3 (or S3-compatible) bucket: `<prefix><tenant>/<type>/<date>-<id>.jsonl.gz`
 * (one event per line, gzip), and per file an index object `<prefix>index/<tenant>/<type>/<date>-<id>.json`
 * (tenant, type, count, event-time range, SHA-256, ids) — S3 cannot append, so the index is the
 * listing of `index/`. A PUT is durable when it returns (the bucket checks the body's SHA-256); the
 * index object goes after its file, so an index entry never names a missing file. Credentials come
 * from the SDK's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, a role).
 */
export class S3EventArchive implements EventArchive {
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3ArchiveOptions) {
    const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(options.url);
    if (!m) throw new Error(`RETENTION_ARCHIVE_S3_URL "${options.url}" is not s3://<bucket>[/<prefix>]`);
    this.bucket = m[1]!;
    this.prefix = m[2] ? `${m[2].replace(/\/+$/, '')}/` : '';
    this.s3 = new S3Client({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      maxAttempts: 5,
    });
  }

  async write(tenantId: string, type: string, events: ArchivedEvent[]): Promise<{ file: string; count: number; sha256: string }> {
    const body = gzipSync(Buffer.from(events.map((e) => JSON.stringify(e)).join('\n') + '\n'));
    const digest = createHash('sha256').update(body);
    const sha256 = digest.copy().digest('hex');
    const name = `${safe(tenantId)}/${safe(type)}/${new Date().toISOString().slice(0, 10)}-${randomUUID()}`;
    const key = `${this.prefix}${name}.jsonl.gz`;
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/gzip', ChecksumSHA256: digest.digest('base64') }));
    const times = events.map((e) => e.occurredAt).sort();
    const entry = { file: key, tenantId, type, count: events.length, from: times[0], to: times.at(-1), sha256, ids: events.map((e) => e.id), at: new Date().toISOString() };
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}index/${name}.json`, Body: JSON.stringify(entry), ContentType: 'application/json' }));
    return { file: `s3://${this.bucket}/${key}`, count: events.length, sha256 };
  }

  async erase(tenantId: string, userId: string, pseudonym: string): Promise<{ files: number; events: number }> {
    let files = 0;
    let events = 0;
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${this.prefix}index/${safe(tenantId)}/`, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const entry = JSON.parse(await (await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: o.Key! }))).Body!.transformToString()) as { file: string; sha256: string };
        const gz = Buffer.from(await (await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: entry.file }))).Body!.transformToByteArray());
        const scrubbed = scrubArchive(gz, userId, pseudonym);
        if (!scrubbed) continue;
        await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: entry.file, Body: scrubbed.body, ContentType: 'application/gzip', ChecksumSHA256: createHash('sha256').update(scrubbed.body).digest('base64') }));
        await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: o.Key!, Body: JSON.stringify({ ...entry, sha256: scrubbed.sha256, rewrittenAt: new Date().toISOString() }), ContentType: 'application/json' }));
        files++;
        events += scrubbed.events;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return { files, events };
  }

  close(): void {
    this.s3.destroy();
  }
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
