import { randomBytes } from 'node:crypto';

/** Where the integration and e2e tests find the real infrastructure (infra/up.sh defaults). */
export const infraEnv = () => ({
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://questline:questline@127.0.0.1:5432/questline',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:29092',
});

/** A unique id for this test (tenant names, namespaces, keys). */
export const uniqueId = (prefix = 't') => `${prefix}-${randomBytes(5).toString('hex')}`;

/** Polls `probe` until it returns a value for which `accept` holds, or fails with the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
}
