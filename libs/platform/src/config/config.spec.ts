import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { databaseTls, kafkaSecurity, redisTls } from './connections';

const real = { KAFKA_BROKERS: '127.0.0.1:29092', DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db', REDIS_URL: 'redis://127.0.0.1:6379' };

describe('loadConfig', () => {
  it('uses embedded defaults in standalone mode', () => {
    const c = loadConfig('standalone', 'standalone', {});
    expect(c.kafkaBrokers).toBeUndefined();
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('switches each part to the real one when its URL is set', () => {
    const c = loadConfig('standalone', 'standalone', real);
    expect(c.kafkaBrokers).toEqual(['127.0.0.1:29092']);
    expect(c.DATABASE_URL).toBe(real.DATABASE_URL);
  });

  it('requires all three URLs when a service runs on its own, naming the missing one', () => {
    expect(() => loadConfig('points', 'service', { ...real, REDIS_URL: undefined })).toThrow(
      new ConfigError('missing REDIS_URL: required when running points as its own service'),
    );
  });

  it.each([
    ['PORT', 'abc', /invalid PORT="abc"/],
    ['DATABASE_URL', 'mysql://x', /invalid DATABASE_URL="mysql:\/\/x": must be a URL with scheme postgres: or postgresql:/],
    ['KAFKA_BROKERS', 'nohostport', /invalid KAFKA_BROKERS="nohostport": must be host:port/],
    ['LOG_LEVEL', 'loud', /invalid LOG_LEVEL="loud"/],
  ])('refuses an invalid %s', (name, value, message) => {
    expect(() => loadConfig('x', 'standalone', { [name]: value })).toThrow(message);
  });

  it('a service started with a bad variable exits non-zero with one line naming it', () => {
    const root = resolve(__dirname, '../../../..');
    const run = spawnSync(process.execPath, ['-r', './tools/register.cjs', 'apps/points/src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, ...real, DATABASE_URL: 'nope' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr.trim().split('\n')).toEqual(['[points] configuration error: invalid DATABASE_URL="nope": must be a URL with scheme postgres: or postgresql:']);
  });
});

describe('loadConfig: secrets from files and secured connections', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ql-config-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('NAME_FILE sets NAME from the file, dropping one trailing newline', () => {
    const c = loadConfig('x', 'standalone', { ...real, KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD_FILE: file('pw', 's3cret\n'), DATABASE_URL: undefined, DATABASE_URL_FILE: file('db', `${real.DATABASE_URL}\n`) });
    expect(c.KAFKA_SASL_PASSWORD).toBe('s3cret');
    expect(c.DATABASE_URL).toBe(real.DATABASE_URL);
  });

  it('refuses NAME and NAME_FILE together, and a file it cannot read', () => {
    expect(() => loadConfig('x', 'standalone', { KAFKA_SASL_PASSWORD: 'a', KAFKA_SASL_PASSWORD_FILE: file('pw2', 'b') })).toThrow('both KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are set: set one');
    expect(() => loadConfig('x', 'standalone', { QUESTLINE_ROOT_KEY_FILE: join(dir, 'missing') })).toThrow(/cannot read QUESTLINE_ROOT_KEY_FILE=.*missing: ENOENT/);
  });

  it('SASL needs a user and a password; TLS files need a TLS protocol; a certificate needs its key', () => {
    expect(() => loadConfig('x', 'standalone', { ...real, KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'u' })).toThrow(/SASL_SSL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/);
    expect(() => loadConfig('x', 'standalone', { ...real, KAFKA_TLS_KEY: keyPem })).toThrow(/KAFKA_TLS_\* is set but KAFKA_SECURITY_PROTOCOL=PLAINTEXT/);
    expect(() => loadConfig('x', 'standalone', { ...real, DATABASE_TLS: 'true', DATABASE_TLS_KEY: keyPem })).toThrow('DATABASE_TLS_CERT and DATABASE_TLS_KEY go together');
    expect(() => loadConfig('x', 'standalone', { ...real, REDIS_TLS_KEY: keyPem })).toThrow(/REDIS_URL is not rediss/);
  });

  it('a certificate or key that is not PEM is named, and its text is never echoed', () => {
    expect(() => loadConfig('x', 'standalone', { ...real, DATABASE_TLS: 'true', DATABASE_TLS_CA: 'secret-garbage' })).toThrow(/^invalid DATABASE_TLS_CA: must be a PEM certificate/);
    expect(() => loadConfig('x', 'standalone', { ...real, DATABASE_TLS: 'true', DATABASE_TLS_CA_FILE: file('ca', 'garbage') })).toThrow(/^invalid DATABASE_TLS_CA \(read from DATABASE_TLS_CA_FILE=.*\): must be a PEM certificate/);
    expect(() => loadConfig('x', 'standalone', { ...real, KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_TLS_KEY: 'nope' })).toThrow(/^invalid KAFKA_TLS_KEY: must be a PEM private key/);
  });

  it('TLS goes in DATABASE_TLS, not in the URL; a URL password is masked in errors', () => {
    expect(() => loadConfig('x', 'standalone', { DATABASE_URL: 'postgresql://u:hunter2@h:5432/d?sslmode=require' })).toThrow(/invalid DATABASE_URL="postgresql:\/\/u:\*\*\*@h:5432\/d\?sslmode=require": TLS is set with DATABASE_TLS/);
    // A password with a slash (base64) makes the URL unparsable: the value is then not printed at all.
    for (const url of ['postgresql://u:ab/cd@db/q', 'postgresql://u:p@ss@db/q?sslmode=require']) {
      try {
        loadConfig('x', 'standalone', { DATABASE_URL: url });
        throw new Error('accepted');
      } catch (err) {
        expect((err as Error).message).not.toMatch(/ab\/cd|p@ss|ss@db/);
        expect((err as Error).message).toMatch(/^invalid DATABASE_URL(: |="postgresql:\/\/u:\*\*\*@db)/);
      }
    }
  });

  it('builds the clients\' TLS options: verify-full by default, the chain only with `ca`, nothing checked with `none`', () => {
    const full = loadConfig('x', 'standalone', { ...real, DATABASE_TLS: 'true', REDIS_URL: 'rediss://h:6380', REDIS_TLS_VERIFY: 'ca', KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_TLS_VERIFY: 'none' });
    expect(databaseTls(full)).toEqual({ rejectUnauthorized: true });
    expect(redisTls(full)).toMatchObject({ rejectUnauthorized: true, checkServerIdentity: expect.any(Function) });
    expect(kafkaSecurity(full)).toEqual({ ssl: { rejectUnauthorized: false }, sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } });
    const plain = loadConfig('x', 'standalone', real);
    expect([databaseTls(plain), redisTls(plain), kafkaSecurity(plain)]).toEqual([undefined, undefined, {}]);
  });
});
