import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { answerAccepted, api, eventually, spawnApp, TestTenants, TEST_ROOT_KEY, uniqueId, type SpawnedService } from '@questline/testing';

jest.setTimeout(240_000);

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const CERTS = join(ROOT, '.infra/secure/certs');

/** Starts standalone mode with `env` and waits for it to exit: its exit code and everything it printed. */
function startToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', './tools/register.cjs', 'apps/standalone/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', QUESTLINE_ROOT_KEY: TEST_ROOT_KEY, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/**
 * Secured connections (issue 22) for real: `infra/secure.sh` starts a Kafka whose only client
 * listeners are SASL_SSL (SCRAM-SHA-512) and mutual TLS, a Postgres that rejects every connection
 * without TLS, and a Redis that speaks only TLS, all with certificates of a test CA. The platform
 * runs on them with its secrets read from files, and each refusal (a wrong password, a certificate
 * nobody trusts) stops the start with one line naming the dependency.
 */
describe('secured connections: SASL_SSL and mutual-TLS Kafka, TLS Postgres and Redis', () => {
  const tenants = new TestTenants();
  const tek = tenants.newTenant('tektree');
  const secrets = mkdtempSync(join(tmpdir(), 'ql-secrets-'));
  let secure: Record<string, string>;
  const apps: SpawnedService[] = [];

  beforeAll(async () => {
    await run('bash', ['infra/secure.sh', 'up'], { cwd: ROOT, timeout: 180_000 });
    const { stdout } = await run('bash', ['infra/secure.sh', 'env'], { cwd: ROOT });
    secure = Object.fromEntries(stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }, 200_000);
  afterAll(async () => {
    for (const a of apps) await a.stop();
    await run('bash', ['infra/secure.sh', 'down'], { cwd: ROOT, timeout: 60_000 });
  });

  /** The secured settings with the secrets moved into files (the *_FILE convention). */
  function fromFiles(overrides: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = { ...secure, PACKS_DIR: tenants.packsDir, QUESTLINE_NAMESPACE: `${uniqueId('sec')}.`, STARTUP_DEPENDENCY_WAIT_MS: '5000' };
    for (const name of ['KAFKA_SASL_PASSWORD', 'DATABASE_URL', 'REDIS_URL']) {
      const file = join(secrets, name);
      writeFileSync(file, `${env[name]}\n`, { mode: 0o600 });
      delete env[name];
      env[`${name}_FILE`] = file;
    }
    return { ...env, ...overrides };
  }

  async function creditsAlice(app: SpawnedService): Promise<void> {
    const http = api(app.url, tek);
    const author = `alice-${uniqueId('u')}`;
    expect((await http.post('/v1/events/batch', { events: [answerAccepted({ author }), answerAccepted({ author })] })).body).toMatchObject({ accepted: 2 });
    await eventually(() => http.get(`/v1/users/${author}/profile`), (r) => r.body?.balances?.xp?.lifetime === 100, { what: 'both events credited through Kafka, Postgres and Redis over TLS' });
    await eventually(() => http.get('/v1/leaderboards/xp?limit=5'), (r) => r.body?.entries?.some((e: { userId: string; score: number }) => e.userId === author && e.score === 100), { what: 'on the board (Redis over TLS)' });
  }

  it('the infrastructure really refuses plaintext: Postgres without TLS is rejected', async () => {
    const plain = new Client({ connectionString: secure.DATABASE_URL });
    await expect(plain.connect()).rejects.toThrow(/no encryption|pg_hba/);
    await plain.end().catch(() => undefined);
  });

  it('runs on SASL_SSL Kafka (SCRAM-SHA-512), TLS Postgres and TLS Redis with secrets from files; every Postgres session is encrypted', async () => {
    const app = await spawnApp('standalone', fromFiles(), 120_000);
    apps.push(app);
    await creditsAlice(app);
    const ca = join(CERTS, 'ca.pem');
    const check = new Client({ connectionString: secure.DATABASE_URL, ssl: { ca: readFileSync(ca, 'utf8') } });
    await check.connect();
    const { rows } = await check.query<{ ssl: boolean; n: string }>(
      "SELECT s.ssl, count(*) AS n FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = 'questline' AND a.backend_type = 'client backend' GROUP BY s.ssl",
    );
    await check.end();
    expect(rows.filter((r) => !r.ssl)).toEqual([]);
    expect(Number(rows.find((r) => r.ssl)?.n)).toBeGreaterThan(1);
    await app.stop();
    apps.pop();
  });

  it('runs on Kafka over mutual TLS (a client certificate instead of a password)', async () => {
    const app = await spawnApp(
      'standalone',
      fromFiles({
        KAFKA_BROKERS: '127.0.0.1:29194',
        KAFKA_SECURITY_PROTOCOL: 'SSL',
        KAFKA_SASL_PASSWORD_FILE: '',
        KAFKA_SASL_USERNAME: '',
        KAFKA_TLS_CERT_FILE: join(CERTS, 'client.pem'),
        KAFKA_TLS_KEY_FILE: join(CERTS, 'client.key'),
      }),
      120_000,
    );
    apps.push(app);
    await creditsAlice(app);
    await app.stop();
    apps.pop();
  });

  it('backs up over TLS: the backup script takes the same settings (a CA nobody trusts fails it)', async () => {
    const env = { ...process.env, ...fromFiles() };
    const file = join(secrets, 'backup.dump');
    const { stdout, stderr } = await run('bash', ['tools/backup/backup.sh', file], { cwd: ROOT, env });
    expect(`${stdout}${stderr}`).toMatch(/backup: .* written to .*backup\.dump \(\d+ tables\)/);
    await expect(run('bash', ['tools/backup/backup.sh', join(secrets, 'rogue.dump')], { cwd: ROOT, env: { ...env, DATABASE_TLS_CA_FILE: join(CERTS, 'rogue-ca.pem') } })).rejects.toThrow(/certificate verify failed/);
  });

  it.each([
    ['a wrong Kafka password', { KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_PASSWORD: 'not-the-password' }, /^\[standalone\] cannot start: kafka 127\.0\.0\.1:29193 \(SASL_SSL\): credentials refused: .*authentication failed/],
    ['a wrong Postgres password', { DATABASE_URL_FILE: '', DATABASE_URL: 'postgresql://questline:wrong@127.0.0.1:5433/questline' }, /^\[standalone\] cannot start: postgres 127\.0\.0\.1:5433: credentials refused: password authentication failed for user "questline"$/],
    ['a wrong Redis password', { REDIS_URL_FILE: '', REDIS_URL: 'rediss://:wrong@127.0.0.1:6380' }, /^\[standalone\] cannot start: redis 127\.0\.0\.1:6380: credentials refused: WRONGPASS/],
    ['a Kafka certificate signed by a CA not trusted', { KAFKA_TLS_CA_FILE: join(CERTS, 'rogue-ca.pem') }, /^\[standalone\] cannot start: kafka 127\.0\.0\.1:29193 \(SASL_SSL\): TLS refused: .*certificate/],
    ['a Postgres certificate signed by a CA not trusted', { DATABASE_TLS_CA_FILE: join(CERTS, 'rogue-ca.pem') }, /^\[standalone\] cannot start: postgres 127\.0\.0\.1:5433: TLS refused: .*certificate/],
    ['a Redis certificate signed by a CA not trusted', { REDIS_TLS_CA_FILE: join(CERTS, 'rogue-ca.pem') }, /^\[standalone\] cannot start: redis 127\.0\.0\.1:6380: TLS refused: .*certificate/],
    [
      'a Kafka client certificate the broker does not trust (mutual TLS)',
      { KAFKA_BROKERS: '127.0.0.1:29194', KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_USERNAME: '', KAFKA_TLS_CERT_FILE: join(CERTS, 'rogue-client.pem'), KAFKA_TLS_KEY_FILE: join(CERTS, 'client.key') },
      /^\[standalone\] cannot start: kafka 127\.0\.0\.1:29194 \(SSL\): /,
    ],
  ])('%s fails the start with one clear line', async (_what, overrides, line) => {
    const { code, output } = await startToExit(fromFiles(overrides as Record<string, string>));
    expect({ code, lines: output.trim().split('\n').length }).toEqual({ code: 69, lines: 1 });
    expect(output.trim()).toMatch(line);
  });
});
