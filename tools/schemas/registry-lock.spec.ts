import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../..');

/** `npm run schemas -- diff` on a copy of the registry edited by `edit`: the exit code and what it printed. */
function diffAfter(edit: (dir: string) => void): { code: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'registry-'));
  try {
    cpSync(join(ROOT, 'event-schemas'), dir, { recursive: true });
    edit(dir);
    const r = spawnSync(process.execPath, ['-r', './tools/register.cjs', 'tools/schemas/cli.ts', 'diff'], { cwd: ROOT, env: { ...process.env, SCHEMAS_DIR: dir, SCHEMAS_BASE: '' }, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const accepted = (dir: string) => join(dir, 'tektree/knowledge.answer.accepted/v1.schema.json');
const editJson = (file: string, change: (doc: { properties: Record<string, Record<string, unknown>>; required?: string[] }) => void) => {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  change(doc.properties?.payload ?? doc);
  writeFileSync(file, JSON.stringify(doc, null, 2));
};

/** The released contract (event-schemas/registry.lock.json) is what CI compares against: seeded breaking changes must fail it. */
describe('schemas diff against the registry lock', () => {
  it('passes the registry as committed, and a compatible change (a new optional field)', () => {
    expect(diffAfter(() => undefined)).toMatchObject({ code: 0, out: expect.stringContaining('no breaking change') });
    expect(diffAfter((d) => editJson(accepted(d), (s) => void (s.properties['note'] = { type: 'string' })))).toMatchObject({ code: 0 });
  });

  it('fails a new required field in a released version, and a deleted released version', () => {
    const required = diffAfter((d) =>
      editJson(accepted(d), (s) => {
        s.properties['note'] = { type: 'string' };
        s.required = [...(s.required ?? []), 'note'];
      }),
    );
    expect(required.code).toBe(1);
    expect(required.out).toContain('breaking change to a released version');
    const deleted = diffAfter((d) => rmSync(accepted(d)));
    expect(deleted.code).toBe(1);
  });

  it("DX-VAS under ADR-030's rule set: a removed required field and a renamed optional one fail (BACKWARD would pass both); an optional field added passes", () => {
    const audit = (d: string) => join(d, 'dxvas/vas.audit.persisted/v1.schema.json');
    const removed = diffAfter((d) =>
      editJson(audit(d), (s) => {
        delete s.properties['action_type'];
        s.required = (s.required ?? []).filter((r) => r !== 'action_type');
      }),
    );
    expect(removed.code).toBe(1);
    expect(removed.out).toMatch(/breaking change to a released version \(ADR030\)[\s\S]*required_removed/);
    const renamed = diffAfter((d) =>
      editJson(audit(d), (s) => {
        s.properties['sourceService'] = s.properties['source_service']!;
        delete s.properties['source_service'];
      }),
    );
    expect(renamed.code).toBe(1);
    expect(renamed.out).toMatch(/property_renamed[^\n]*"source_service" looks renamed to "sourceService"/);
    expect(diffAfter((d) => editJson(audit(d), (s) => void (s.properties['region'] = { type: 'string' })))).toMatchObject({ code: 0 });
  });
});
