import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
jest.setTimeout(60_000);

/**
 * The real CLI against a real git history: a fixture copy of event-schemas/ is committed, then
 * edited the way a producer team would. A breaking edit must fail `schemas diff` (exit 1, naming
 * the file and the change); a compatible one must pass.
 */
describe('npm run schemas -- diff (CI compatibility gate)', () => {
  const repo = mkdtempSync(join(tmpdir(), 'ql-schemas-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  const schema = join(repo, 'event-schemas/tektree/knowledge.answer.accepted/v1.schema.json');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', join(ROOT, 'tools/register.cjs'), join(ROOT, 'tools/schemas/cli.ts'), 'diff', '--base', 'HEAD', ...args], {
      cwd: repo,
      env: { ...process.env, SCHEMAS_DIR: join(repo, 'event-schemas') },
      encoding: 'utf8',
    });

  beforeAll(() => {
    cpSync(join(ROOT, 'event-schemas'), join(repo, 'event-schemas'), { recursive: true });
    git('init', '-q');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'base');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));
  const original = () => JSON.parse(readFileSync(join(ROOT, 'event-schemas/tektree/knowledge.answer.accepted/v1.schema.json'), 'utf8'));

  it('passes an unchanged registry and a compatible edit (new optional field)', () => {
    expect(cli().status).toBe(0);
    const s = original();
    s.properties.accepted_at = { type: 'string', format: 'date-time' };
    writeFileSync(schema, JSON.stringify(s));
    expect(cli().status).toBe(0);
  });

  it('fails a breaking edit of a published version (a new required field), naming file and field', () => {
    const s = original();
    s.properties.accepted_at = { type: 'string' };
    s.required.push('accepted_at');
    writeFileSync(schema, JSON.stringify(s));
    const r = cli();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('knowledge.answer.accepted/v1.schema.json');
    expect(r.stderr).toMatch(/required_added.*accepted_at/);
  });

  it('fails the deletion of a published version', () => {
    writeFileSync(schema, JSON.stringify(original()));
    rmSync(join(repo, 'event-schemas/tektree/social.content.liked'), { recursive: true });
    const r = cli();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/social\.content\.liked\/v1\.schema\.json: a published schema version was deleted/);
  });
});
