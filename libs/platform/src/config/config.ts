import { readFileSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { z } from 'zod';

const REPO_ROOT = resolve(__dirname, '../../../..');

/** `a:b` (`;` on Windows) → absolute folders, relative ones resolved against the working directory. */
const pathList = (value: string): string[] => value.split(delimiter).filter((p) => p.trim() !== '').map((p) => resolve(p));

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL with scheme ${protocols.join(' or ')}`);

/** A PEM certificate (or several: a chain or a CA bundle), checked at start. */
const pemCertificate = z
  .string()
  .refine((v) => {
    try {
      new X509Certificate(v);
      return true;
    } catch {
      return false;
    }
  }, 'must be a PEM certificate (-----BEGIN CERTIFICATE-----); use the _FILE variable to read it from a file');
const pemKey = z.string().refine((v) => {
  try {
    createPrivateKey(v);
    return true;
  } catch {
    return false;
  }
}, 'must be a PEM private key; use the _FILE variable to read it from a file');
/** How a TLS connection checks the server: `full` its certificate chain and its name (the default), `ca` the chain only, `none` nothing (encryption without authentication). */
const tlsVerify = z.enum(['full', 'ca', 'none']).default('full');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Comma-separated host:port list. Unset in standalone mode → in-process bus. */
  KAFKA_BROKERS: z
    .string()
    .trim()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be host:port[,host:port...]')
    .optional(),
  /**
   * Kafka's own names: PLAINTEXT (default), SSL (TLS, with a client certificate for mutual TLS),
   * SASL_PLAINTEXT or SASL_SSL (a user name and password; SASL_SSL over TLS).
   */
  KAFKA_SECURITY_PROTOCOL: z.enum(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']).default('PLAINTEXT'),
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256', 'plain']).default('scram-sha-512'),
  KAFKA_SASL_USERNAME: z.string().optional(),
  /** Secret: prefer KAFKA_SASL_PASSWORD_FILE. */
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /** The CA certificate(s) the broker's certificate must chain to (PEM); unset: the system's CAs. */
  KAFKA_TLS_CA: pemCertificate.optional(),
  /** A client certificate and its key (PEM) for mutual TLS. */
  KAFKA_TLS_CERT: pemCertificate.optional(),
  KAFKA_TLS_KEY: pemKey.optional(),
  KAFKA_TLS_VERIFY: tlsVerify,
  /** Unset in standalone mode → embedded Postgres (PGlite). */
  DATABASE_URL: url(['postgres:', 'postgresql:'])
    .refine((v) => !/[?&](sslmode|sslrootcert|sslcert|sslkey|ssl)=/.test(v), 'TLS is set with DATABASE_TLS, DATABASE_TLS_CA(_FILE) and DATABASE_TLS_VERIFY, not in the URL')
    .optional(),
  /** `true`: connect to Postgres over TLS only (verify-full unless DATABASE_TLS_VERIFY says otherwise). */
  DATABASE_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  DATABASE_TLS_CA: pemCertificate.optional(),
  DATABASE_TLS_CERT: pemCertificate.optional(),
  DATABASE_TLS_KEY: pemKey.optional(),
  DATABASE_TLS_VERIFY: tlsVerify,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Bounded waits on Postgres: opening a connection, one query (client side), and a transaction
   * left idle (server side: its locks are released). A wait that would otherwise never end (a
   * half-open connection after a crash or a network fault) becomes an error the consumer retries,
   * rather than a partition that stops with nothing in the logs.
   */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(120_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Unset in standalone mode → in-memory rank store. `rediss://` connects over TLS. A password in it: prefer REDIS_URL_FILE. */
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  REDIS_TLS_CA: pemCertificate.optional(),
  REDIS_TLS_CERT: pemCertificate.optional(),
  REDIS_TLS_KEY: pemKey.optional(),
  REDIS_TLS_VERIFY: tlsVerify,
  /** How long a starting process waits for an unreachable Postgres, Redis or Kafka before giving up (a refused password or certificate fails at once). */
  STARTUP_DEPENDENCY_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(60_000),
  /** Prefix for Kafka topics and consumer groups (isolates environments sharing a cluster). */
  QUESTLINE_NAMESPACE: z.string().regex(/^[a-z0-9._-]*$/, 'only a-z 0-9 . _ -').default(''),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(256).default(4),
  /** How long a consumer group waits for a member that went silent (a crashed process) before moving its partitions. */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
  /** A Kafka send not acknowledged after this long fails (the batch is retried) and its producer is replaced. */
  /** A deletion's wait between writing the tombstone and erasing: batches that checked just before it commit first. */
  DELETION_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /**
   * `true` (default): internal messages travel packed, many per Kafka record (kafkajs' cost is per
   * record). Every release since 487ee59 reads packed records; that release wrote them only when
   * asked, and this one writes them by default (the rolling-upgrade rule: readers first). Upgrading
   * from an older release, set `false` until none of its instances runs.
   */
  KAFKA_PACK_INTERNAL: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  KAFKA_SEND_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  /**
   * `true` (default): a regular expression that backtracks past V8's limit in one match is run again
   * with V8's linear-time engine (a backstop behind the upload check of tenant patterns).
   */
  REGEXP_LINEAR_FALLBACK: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Tenants' packs (`<dir>/<tenant>/pack.yaml`): one folder, or several separated by `:` like PATH. */
  PACKS_DIR: z.string().default(resolve(REPO_ROOT, 'packs')).transform(pathList),
  /** The event registry (dialects, namespaces, schemas): one folder, or several separated by `:`. */
  SCHEMAS_DIR: z.string().default(resolve(REPO_ROOT, 'event-schemas')).transform(pathList),
  /** Standalone mode keeps its embedded database here; `memory` keeps nothing on disk. */
  QUESTLINE_DATA_DIR: z.string().default(resolve(REPO_ROOT, '.questline')),
  /**
   * The retry ladder of every consumer (ms, comma-separated): leading zeros retry immediately,
   * each other value is a retry topic with that delay. Seed 001: immediately, 10 s, 60 s.
   */
  RETRY_DELAYS_MS: z
    .string()
    .trim()
    .regex(/^\d+(,\d+)*$/, 'must be comma-separated milliseconds, e.g. 0,10000,60000')
    .default('0,10000,60000')
    .transform((v) => v.split(',').map(Number)),
  /**
   * Retries per error class (seed 002 §8.1), as JSON: `{"DATABASE":{"maxRetries":3,"initialDelayMs":100,
   * "maxDelayMs":1000,"backoffFactor":2},"NETWORK":{...}}`. A failing message of a class with a policy
   * is retried in place with exponential backoff before the retry topics; an outage of that class
   * past `maxRetries` in a row opens its circuit. Unset: seed 002's table (database 3 × 100 ms…1 s,
   * kafka/NETWORK 5 × 500 ms…10 s); `{}`: no class policies (the retry ladder alone).
   */
  RETRY_POLICIES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      try {
        const parsed = retryPoliciesSchema.parse(JSON.parse(v));
        return parsed;
      } catch (err) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be JSON like {"DATABASE":{"maxRetries":3,"initialDelayMs":100,"maxDelayMs":1000,"backoffFactor":2}}: ${(err as Error).message.slice(0, 200)}` });
        return z.NEVER;
      }
    }),
  /**
   * The operator's key: every scope, any tenant (named in X-Questline-Tenant). Creates tenant
   * keys through POST /v1/admin/api-keys. Standalone mode makes a random one per start if unset.
   */
  QUESTLINE_ROOT_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  /**
   * Keys that sign user-scoped client tokens (JWT, HS256): `kid:secret` pairs, comma-separated,
   * secrets of at least 32 characters. The first signs; every one verifies — to rotate, put the new
   * key first and drop the old one once its tokens have expired. Unset: one key derived from
   * QUESTLINE_ROOT_KEY (so every instance sharing the root key agrees).
   */
  USER_TOKEN_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}:[^,]{32,}(,[A-Za-z0-9_-]{1,32}:[^,]{32,})*$/, 'must be kid:secret pairs (secrets of 32+ characters), comma-separated')
    .optional()
    .transform((v) => (v ? v.split(',').map((pair) => ({ kid: pair.slice(0, pair.indexOf(':')), secret: pair.slice(pair.indexOf(':') + 1) })) : [])),
  /** Default and longest lifetime of a user token, in seconds. */
  USER_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
  USER_TOKEN_MAX_TTL_SECONDS: z.coerce.number().int().min(10).max(604_800).default(86_400),
  /** Dead letters pending above this count raise a warning (seed 001: alert when the DLQ exceeds 100). */
  DLQ_WARN_THRESHOLD: z.coerce.number().int().min(1).default(100),
  /**
   * Re-scoring (apply): how long a run's per-tenant lease lasts without renewal (a run renews it as
   * it goes; a crashed run's lease frees the tenant after this), and how long the run waits for the
   * ledger to hold every correction it published before answering (`settled: false` past it; the
   * lease then stays until it expires, so no other run decides from a ledger still missing them).
   */
  RESCORE_LEASE_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  RESCORE_SETTLE_MS: z.coerce.number().int().min(0).max(3_600_000).default(120_000),
  /** How often the rules engine looks for streaks that break (or spend a freeze) without activity. */
  STREAK_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * The analytics job (points service): how often it recomputes the local days whose source rows
   * changed, and how far behind its last pass it looks again (rows of transactions that were
   * still open then; a recompute is idempotent, so the overlap costs only time).
   */
  ANALYTICS_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  ANALYTICS_OVERLAP_MS: z.coerce.number().int().min(0).default(120_000),
  /** How often points expire credits under the packs' expiry policies. */
  EXPIRY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
  /** Notifications older than this many days are deleted (seed 001 keeps notification events 30 days). */
  NOTIFICATION_RETENTION_DAYS: z.coerce.number().min(0.0001).max(3650).default(30),
  /** How often the notifications service deletes notifications past their retention. */
  NOTIFICATION_PURGE_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
  /**
   * The event-store retention job (the namespaces' `retention`): how often it runs (seed 001: weekly)
   * and where it writes archives (compressed JSON lines per tenant and type, and an index); unset:
   * `<QUESTLINE_DATA_DIR>/archive`.
   */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(100).default(7 * 86_400_000),
  RETENTION_ARCHIVE_DIR: z.string().optional(),
  /** Archive to an S3 (or S3-compatible) bucket instead of a directory: `s3://<bucket>[/<prefix>]`. Credentials: the AWS SDK's chain. */
  RETENTION_ARCHIVE_S3_URL: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 's3://<bucket>[/<prefix>]').optional(),
  /** An S3-compatible endpoint (path-style), e.g. http://127.0.0.1:9000; absent: AWS. */
  RETENTION_ARCHIVE_S3_ENDPOINT: url(['http:', 'https:']).optional(),
  RETENTION_ARCHIVE_S3_REGION: z.string().default('us-east-1'),
  /** Streams (SSE, WebSocket) send a keep-alive this often, so proxies and clients see a live connection. */
  STREAM_HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
  /** Open streams one user may hold on one instance; one more closes the oldest (a reloading tab, a leaked socket). */
  STREAM_MAX_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
  /** A live board pushes at most one update per this many milliseconds (seed 001: throttled to avoid spam). */
  LEADERBOARD_STREAM_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
  /**
   * How often due board announcements (leaderboards with `updates`) are checked, ms. A board's own
   * `updates.everySeconds` is its throttle; this only bounds how late past it an announcement goes.
   * Tests set `LEADERBOARD_UPDATES_SCALE` below 1 to shorten every board's throttle the same way.
   */
  LEADERBOARD_UPDATES_TICK_MS: z.coerce.number().int().min(10).default(1_000),
  LEADERBOARD_UPDATES_SCALE: z.coerce.number().min(0.001).max(1).default(1),
  /**
   * Outbound webhooks: the delays before each retry of a failed delivery (ms, comma-separated); after
   * the last, the delivery is failed. Default over about a day and a half, like Standard Webhooks'
   * reference schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
   */
  WEBHOOK_RETRY_SCHEDULE_MS: z
    .string()
    .trim()
    .regex(/^\d+(,\d+)*$/, 'must be comma-separated milliseconds, e.g. 5000,300000')
    .default('5000,300000,1800000,7200000,18000000,36000000,36000000')
    .transform((v) => v.split(',').map(Number)),
  /** An endpoint failing every delivery for this long is disabled (and the tenant told). Default 5 days. */
  WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().min(0).default(432_000_000),
  /** How long one delivery may take before it counts as failed. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often each instance looks for deliveries due. */
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(20).default(1_000),
  /** Deliveries in flight at once per instance. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /**
   * Outbound requests refuse loopback, private, link-local and other non-public addresses (checked
   * on the address actually connected to, so DNS cannot point a public name inside). `true` allows
   * them: a receiver on the same host or network (development, tests).
   */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** A fulfilled item's redemption not confirmed within this many hours is failed (cost refunded, unit returned). */
  REDEMPTION_TIMEOUT_HOURS: z.coerce.number().min(0.001).max(8760).default(72),
  REDEMPTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(300_000),
  /** How often points computes, publishes and locks finished leaderboard periods and settles league weeks. */
  LEADERBOARD_PERIOD_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * The period job does not publish or lock a finished period while entries of it are still being
   * written (a back-dated import arriving over minutes): it waits until none has been for this
   * long, holding a period at most LEADERBOARD_QUIET_MAX_HOLD_MS. `periods/run` does not wait.
   */
  LEADERBOARD_QUIET_MS: z.coerce.number().int().min(0).max(86_400_000).default(120_000),
  LEADERBOARD_QUIET_MAX_HOLD_MS: z.coerce.number().int().min(0).max(604_800_000).default(21_600_000),
  /** A consumer partition that cannot move for this long (its batch fails in place) makes /health/ready fail. */
  CONSUMER_STALL_MS: z.coerce.number().int().min(100).default(60_000),
  /** Largest original value a dead letter keeps whole; above it, a reference (topic, partition, offset), size and SHA-256. */
  DLQ_MAX_VALUE_BYTES: z.coerce.number().int().min(1024).max(900_000).default(256 * 1024),
  /** Failed authentications per client address per minute before 429 (guessing keys costs a lookup each). */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /**
   * Which proxies may name the client address in X-Forwarded-For (it then counts for the failed
   * authentication throttle and the logs): empty (default) trusts none; `loopback` the gateway on
   * the same host (what multi-service mode sets); a list of addresses or CIDRs; or a hop count.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) => (v === '' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  /** `true`: /metrics labels series with tenant ids (otherwise folded into "all"; root key can always read them per tenant). */
  METRICS_TENANT_LABELS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /**
   * Transition of questline.points.awarded.v1 → questline.balance.changed.v1 for spends, refunds
   * and expiries: `true` (this release) also copies them to the old topic for consumers of the
   * previous release; set `false` once every consumer runs this release or later.
   */
  PUBLISH_LEGACY_DEBITS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
});

const retryPolicy = z.object({
  maxRetries: z.number().int().min(0).max(20),
  initialDelayMs: z.number().int().min(0).max(600_000),
  maxDelayMs: z.number().int().min(0).max(600_000),
  backoffFactor: z.number().min(1).max(10),
}).strict();
const retryPoliciesSchema = z.record(z.enum(['VALIDATION', 'BUSINESS_RULE', 'DATABASE', 'NETWORK', 'AUTHORIZATION', 'INTERNAL', 'UNKNOWN']), retryPolicy);

export type Env = z.infer<typeof schema>;

export interface AppConfig extends Env {
  mode: 'standalone' | 'service';
  service: string;
  kafkaBrokers: string[] | undefined;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

/**
 * Validates the environment once at start-up. In `service` mode the three infrastructure URLs are
 * required; in `standalone` mode each missing one selects its embedded default.
 */
export function loadConfig(
  service: string,
  mode: AppConfig['mode'],
  source: NodeJS.ProcessEnv = process.env,
): AppConfig {
  // An empty variable counts as unset (KAFKA_BROKERS= selects the embedded bus, like leaving it out).
  const cleaned = readSecretFiles(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>);
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const value = source[name];
    // Secrets and certificates are never echoed back.
    const masked = value === undefined || SECRET.test(name) ? undefined : maskUrl(name, value);
    const shown = masked === undefined ? '' : `="${masked.length > 80 ? `${masked.slice(0, 77)}...` : masked}"`;
    const from = source[`${name}_FILE`] ? ` (read from ${name}_FILE=${source[`${name}_FILE`]})` : '';
    throw new ConfigError(`invalid ${name}${shown}${from}: ${issue.message}`);
  }
  const env = parsed.data;
  checkConnectionSecurity(env);
  if (mode === 'service') {
    for (const name of ['KAFKA_BROKERS', 'DATABASE_URL', 'REDIS_URL'] as const) {
      if (!env[name]) throw new ConfigError(`missing ${name}: required when running ${service} as its own service`);
    }
  }
  return { ...env, mode, service, kafkaBrokers: env.KAFKA_BROKERS?.split(',') };
}

/**
 * A URL setting as printed in an error: its password replaced by ***; one that does not parse as a
 * URL (it may hold a password in a form that cannot be found) is not printed unless it has no `@`.
 */
function maskUrl(name: string, value: string): string | undefined {
  if (!name.endsWith('_URL')) return value;
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return value.includes('@') ? undefined : value;
  }
}

/** Names whose values are not printed in errors. */
const SECRET = /PASSWORD|KEY|SECRET|TOKEN|_CA$|_CERT$/;

/**
 * The container convention for secrets: `NAME_FILE=/run/secrets/x` sets NAME to that file's text
 * (one trailing newline dropped), for every setting. Both at once is refused: which one wins would
 * be a guess.
 */
function readSecretFiles(env: Record<string, string>): Record<string, string> {
  const out = { ...env };
  const keys = new Set(Object.keys(schema.shape));
  for (const [name, path] of Object.entries(env)) {
    if (!name.endsWith('_FILE')) continue;
    const target = name.slice(0, -'_FILE'.length);
    if (!keys.has(target)) continue;
    if (env[target] !== undefined) throw new ConfigError(`both ${target} and ${name} are set: set one`);
    try {
      out[target] = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new ConfigError(`cannot read ${name}=${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    delete out[name];
  }
  return out;
}

/** Settings that only make sense together. */
function checkConnectionSecurity(env: Env): void {
  const sasl = env.KAFKA_SECURITY_PROTOCOL.startsWith('SASL_');
  const tls = env.KAFKA_SECURITY_PROTOCOL.endsWith('SSL');
  if (sasl && (!env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD))
    throw new ConfigError(`KAFKA_SECURITY_PROTOCOL=${env.KAFKA_SECURITY_PROTOCOL} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)`);
  if (!tls && (env.KAFKA_TLS_CA || env.KAFKA_TLS_CERT || env.KAFKA_TLS_KEY))
    throw new ConfigError(`KAFKA_TLS_* is set but KAFKA_SECURITY_PROTOCOL=${env.KAFKA_SECURITY_PROTOCOL} does not use TLS (SSL or SASL_SSL)`);
  if (!env.DATABASE_TLS && (env.DATABASE_TLS_CA || env.DATABASE_TLS_CERT || env.DATABASE_TLS_KEY))
    throw new ConfigError('DATABASE_TLS_* is set but DATABASE_TLS is not true');
  if (env.REDIS_URL && !env.REDIS_URL.startsWith('rediss:') && (env.REDIS_TLS_CA || env.REDIS_TLS_CERT || env.REDIS_TLS_KEY))
    throw new ConfigError('REDIS_TLS_* is set but REDIS_URL is not rediss:// (TLS)');
  for (const p of ['KAFKA', 'DATABASE', 'REDIS'] as const) {
    if (!env[`${p}_TLS_CERT`] !== !env[`${p}_TLS_KEY`]) throw new ConfigError(`${p}_TLS_CERT and ${p}_TLS_KEY go together (a client certificate and its key)`);
  }
}

/** loadConfig, or print one line naming the variable and exit non-zero. */
export function loadConfigOrExit(service: string, mode: AppConfig['mode']): AppConfig {
  try {
    return loadConfig(service, mode);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`[${service}] configuration error: ${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
