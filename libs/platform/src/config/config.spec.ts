import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

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
