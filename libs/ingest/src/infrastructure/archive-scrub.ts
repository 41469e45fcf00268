import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { scrubUser } from '../domain/replace-strings';

/**
 * One archived file (gzip JSON lines) without a user: null when no line names them (the file is
 * left alone), else the rewritten body, its SHA-256 and how many lines changed.
 */
export function scrubArchive(gz: Buffer, userId: string, pseudonym: string): { body: Buffer; sha256: string; events: number } | null {
  const needle = JSON.stringify(userId);
  const text = gunzipSync(gz).toString('utf8');
  if (!text.includes(needle)) return null;
  let events = 0;
  const lines = text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line) => {
      if (!line.includes(needle)) return line;
      events++;
      const row = JSON.parse(line) as { userId?: unknown };
      return JSON.stringify(scrubUser(row, userId, pseudonym, row.userId === userId));
    });
  const body = gzipSync(Buffer.from(lines.join('\n') + '\n'));
  return { body, sha256: createHash('sha256').update(body).digest('hex'), events };
}
