import { createHash, randomUUID } from 'node:crypto';
import { appendFile, mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ArchivedEvent, EventArchive } from '../domain/event-archive.port';
import { scrubArchive } from './archive-scrub';

/**
 * A directory archive: `<dir>/<tenant>/<type>/<date>-<id>.jsonl.gz` (one event per line, gzip) and
 * `<dir>/index.jsonl` (one line per file: tenant, type, count, event-time range, SHA-256, ids), for
 * compliance queries without opening every file. A file is written to a temporary name, synced and
 * renamed, then indexed: a crash leaves no half file under a final name.
 */
export class FileEventArchive implements EventArchive {
  /** Writes and erasures of this process one at a time (an erasure rewrites the index whole). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  write(tenantId: string, type: string, events: ArchivedEvent[]): Promise<{ file: string; count: number; sha256: string }> {
    return this.serial(() => this.writeNow(tenantId, type, events));
  }

  erase(tenantId: string, userId: string, pseudonym: string): Promise<{ files: number; events: number }> {
    return this.serial(async () => {
      const indexPath = join(this.dir, 'index.jsonl');
      const lines = (await readFile(indexPath, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? '' : Promise.reject(err)))).split('\n').filter((l) => l.length > 0);
      let files = 0;
      let events = 0;
      const out: string[] = [];
      for (const line of lines) {
        const entry = JSON.parse(line) as { file: string; tenantId: string; sha256: string };
        const scrubbed = entry.tenantId === tenantId ? scrubArchive(await readFile(join(this.dir, entry.file)), userId, pseudonym) : null;
        if (!scrubbed) {
          out.push(line);
          continue;
        }
        await durable(join(this.dir, entry.file), scrubbed.body);
        out.push(JSON.stringify({ ...entry, sha256: scrubbed.sha256, rewrittenAt: new Date().toISOString() }));
        files++;
        events += scrubbed.events;
      }
      if (files > 0) await durable(indexPath, Buffer.from(out.join('\n') + '\n'));
      return { files, events };
    });
  }

  private async writeNow(tenantId: string, type: string, events: ArchivedEvent[]): Promise<{ file: string; count: number; sha256: string }> {
    const folder = join(this.dir, safe(tenantId), safe(type));
    await mkdir(folder, { recursive: true });
    const body = gzipSync(Buffer.from(events.map((e) => JSON.stringify(e)).join('\n') + '\n'));
    const sha256 = createHash('sha256').update(body).digest('hex');
    const name = `${new Date().toISOString().slice(0, 10)}-${randomUUID()}.jsonl.gz`;
    const file = join(folder, name);
    await durable(file, body);
    const times = events.map((e) => e.occurredAt).sort();
    const entry = { file: join(safe(tenantId), safe(type), name), tenantId, type, count: events.length, from: times[0], to: times.at(-1), sha256, ids: events.map((e) => e.id), at: new Date().toISOString() };
    await appendFile(join(this.dir, 'index.jsonl'), `${JSON.stringify(entry)}\n`);
    return { file, count: events.length, sha256 };
  }
}

/** Written to a temporary name, synced, then renamed over `file`: never a half file under its name. */
async function durable(file: string, body: Buffer): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
