import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../..');
type Doc = { paths: Record<string, Record<string, { summary?: string; parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[] }>>; components: { schemas: Record<string, { required?: string[] }> } };

/** tools/openapi/check.sh on a copy of docs/openapi.json edited by `edit` (lint + breaking-change check). */
function checkAfter(edit: (doc: Doc) => void): { code: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const doc = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8')) as Doc;
    edit(doc);
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
    const r = spawnSync('bash', ['tools/openapi/check.sh'], { cwd: ROOT, env: { ...process.env, OPENAPI_DOCUMENT: join(dir, 'openapi.json') }, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The contract checks must be able to fail: seeded breaking changes and lint errors are caught. */
describe('OpenAPI contract check (Redocly lint, oasdiff against docs/openapi.released.json)', () => {
  it('passes the committed document, and an additive change (a new optional query parameter)', () => {
    expect(checkAfter(() => undefined)).toMatchObject({ code: 0, out: expect.stringContaining('no breaking change') });
    const added = checkAfter((d) => d.paths['/v1/leaderboards/{board}']!['get']!.parameters!.push({ name: 'tz', in: 'query', required: false, schema: { type: 'string' } }));
    expect(added).toMatchObject({ code: 0 });
  });

  it('fails a removed route, a new required parameter and a response property made optional', () => {
    const removed = checkAfter((d) => void delete d.paths['/v1/users/{userId}/ledger']);
    expect(removed.code).toBe(1);
    expect(removed.out).toContain('api-path-removed-without-deprecation');
    const required = checkAfter((d) => d.paths['/v1/leaderboards/{board}']!['get']!.parameters!.push({ name: 'tz', in: 'query', required: true, schema: { type: 'string' } }));
    expect(required.out).toContain('new-required-request-parameter');
    const optional = checkAfter((d) => void (d.components.schemas['Profile']!.required = d.components.schemas['Profile']!.required!.filter((p) => p !== 'ranks')));
    expect(optional.out).toContain('response-property-became-optional');
  });

  it('fails a lint error (an operation without a summary)', () => {
    const r = checkAfter((d) => void delete d.paths['/v1/users/{userId}/profile']!['get']!.summary);
    expect(r.code).toBe(1);
    expect(r.out).toContain('operation-summary');
  });
});
