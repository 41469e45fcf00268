import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import Redis from 'ioredis';
import { Client } from 'pg';
import { databaseTls, kafkaSecurity, redisTls, type AppConfig } from '@questline/platform';

/** A dependency refused the process at start: the one line to print. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

type Check = { name: string; run: (timeoutMs: number) => Promise<void> };

/**
 * Before anything else starts, each configured Postgres, Redis and Kafka is reached once with the
 * process's own credentials and TLS settings. A refusal that waiting cannot fix (a wrong password,
 * a certificate that is not trusted, a name that does not match it) fails the start at once with
 * one line saying which dependency and what to check; an unreachable one is retried for
 * STARTUP_DEPENDENCY_WAIT_MS (a service starting beside its infrastructure), then fails the same way.
 */
export async function preflight(config: AppConfig): Promise<void> {
  const checks: Check[] = [];
  if (config.DATABASE_URL) checks.push({ name: `postgres ${where(config.DATABASE_URL)}`, run: (t) => checkPostgres(config, t) });
  if (config.REDIS_URL) checks.push({ name: `redis ${where(config.REDIS_URL)}`, run: (t) => checkRedis(config, t) });
  if (config.kafkaBrokers) checks.push({ name: `kafka ${config.kafkaBrokers.join(',')} (${config.KAFKA_SECURITY_PROTOCOL})`, run: (t) => checkKafka(config, t) });
  await Promise.all(checks.map((c) => untilReachable(c, config.STARTUP_DEPENDENCY_WAIT_MS)));
}

async function untilReachable(check: Check, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await check.run(Math.min(10_000, Math.max(1_000, deadline - Date.now())));
    } catch (err) {
      const { message, permanent } = explain(err);
      if (permanent || Date.now() >= deadline) throw new StartupError(`${check.name}: ${message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}`;
  } catch {
    return '';
  }
}

async function checkPostgres(config: AppConfig, timeoutMs: number): Promise<void> {
  const ssl = databaseTls(config);
  const client = new Client({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: timeoutMs, ...(ssl ? { ssl } : {}) });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(config: AppConfig, timeoutMs: number): Promise<void> {
  const redis = new Redis(config.REDIS_URL!, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    tls: redisTls(config),
  });
  let last: unknown;
  redis.on('error', (err) => (last = err));
  try {
    await redis.connect().catch((err: unknown) => {
      throw last ?? err;
    });
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function checkKafka(config: AppConfig, timeoutMs: number): Promise<void> {
  const { ssl, sasl } = kafkaSecurity(config);
  const admin = new Kafka({
    clientId: `questline-${config.service}-preflight`,
    brokers: config.kafkaBrokers!,
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl: sasl as SASLOptions } : {}),
    connectionTimeout: timeoutMs,
    authenticationTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The innermost useful message of a client's error, and whether waiting could change it. */
export function explain(err: unknown): { message: string; permanent: boolean } {
  const chain: { message?: string; code?: string; name?: string; type?: string }[] = [];
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    chain.push(e as never);
    const x = e as { cause?: unknown; originalError?: unknown };
    e = x.originalError ?? x.cause;
  }
  const text = chain.map((e) => `${e.name ?? ''} ${e.code ?? ''} ${e.type ?? ''} ${e.message ?? ''}`).join(' | ');
  const root = chain.find((e) => e.code && /CERT|SELF_SIGNED|ALTNAME|UNABLE_TO|ERR_TLS/.test(e.code)) ?? chain[chain.length - 1] ?? {};
  const message = String(root.message ?? err).split('\n')[0]!.trim();
  if (/CERT|SELF_SIGNED|ALTNAME|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|certificate|ERR_TLS|wrong version number|EPROTO|ssl3|tlsv1 alert/i.test(text))
    return { message: `TLS refused: ${message} (check the CA in *_TLS_CA, the server's name, or *_TLS_VERIFY)`, permanent: true };
  // A timeout or a dropped connection is worth waiting out, even in the middle of an authentication
  // (kafkajs reports anything that goes wrong during SCRAM as an authentication error).
  if (/timed out|timeout|ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|socket hang up|Connection (closed|error)|Closed connection|not connected/i.test(text))
    return { message: `unreachable: ${message}`, permanent: false };
  if (/pg_hba\.conf/i.test(text)) return { message: `refused by the server's access rules: ${message} (a server that requires TLS needs DATABASE_TLS=true)`, permanent: true };
  if (/authentication failed|invalid credentials|password authentication|WRONGPASS|NOAUTH|invalid username|AUTH failed|ILLEGAL_SASL_STATE|UNSUPPORTED_SASL|SASL_AUTHENTICATION_FAILED/i.test(text))
    return { message: `credentials refused: ${message}`, permanent: true };
  if (/does not support SSL|server does not support|SSL off|hostssl|TLS is required|TOPIC_AUTHORIZATION|CLUSTER_AUTHORIZATION|authori[sz]ation/i.test(text)) return { message, permanent: true };
  return { message: `unreachable: ${message}`, permanent: false };
}
