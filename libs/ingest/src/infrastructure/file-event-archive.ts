import { createHash, randomUUID } from 'node:crypto';
import { appendFile, mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ArchivedEvent, EventArchive } from '../domain/event-archive.port';

/**
 * A directory archive: `<dir>/<tenant>/<type>/<date>-<id>.jsonl.gz` (one event per line, gzip) and
 * `<dir>/index.jsonl` (one line per file: tenant, type, count, event-time range, SHA-256, ids), for
 * compliance queries without opening every file. A file is written to a temporary name, synced and
 * renamed, then indexed: a crash leaves no half file under a final name.
 */
export class FileEventArchive implements EventArchive {
  constructor(private readonly dir: string) {}

  async write(tenantId: string, type: string, events: ArchivedEvent[]): Promise<{ file: string; count: number; sha256: string }> {
    const folder = join(this.dir, safe(tenantId), safe(type));
    await mkdir(folder, { recursive: true });
    const body = gzipSync(Buffer.from(events.map((e) => JSON.stringify(e)).join('\n') + '\n'));
    const sha256 = createHash('sha256').update(body).digest('hex');
    const name = `${new Date().toISOString().slice(0, 10)}-${randomUUID()}.jsonl.gz`;
    const file = join(folder, name);
    const tmp = `${file}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
    const times = events.map((e) => e.occurredAt).sort();
    const entry = { file: join(safe(tenantId), safe(type), name), tenantId, type, count: events.length, from: times[0], to: times.at(-1), sha256, ids: events.map((e) => e.id), at: new Date().toISOString() };
    await appendFile(join(this.dir, 'index.jsonl'), `${JSON.stringify(entry)}\n`);
    return { file, count: events.length, sha256 };
  }
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
