import type { ConnectionOptions } from 'node:tls';
import type { Env } from './config';

type Prefix = 'KAFKA' | 'DATABASE' | 'REDIS';

/**
 * Node's TLS options for one dependency: its CA (else the system's), its client certificate for
 * mutual TLS, and how the server is checked. `full` (the default) is libpq's verify-full: the chain
 * and the host name; `ca` the chain only; `none` encrypts without authenticating the server.
 */
function tlsFor(env: Env, p: Prefix): ConnectionOptions {
  const verify = env[`${p}_TLS_VERIFY`];
  return {
    ...(env[`${p}_TLS_CA`] ? { ca: env[`${p}_TLS_CA`] } : {}),
    ...(env[`${p}_TLS_CERT`] ? { cert: env[`${p}_TLS_CERT`], key: env[`${p}_TLS_KEY`] } : {}),
    rejectUnauthorized: verify !== 'none',
    ...(verify === 'ca' ? { checkServerIdentity: () => undefined } : {}),
  };
}

export interface KafkaSecurity {
  ssl?: ConnectionOptions;
  sasl?: { mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain'; username: string; password: string };
}

/** kafkajs' `ssl` and `sasl` options from KAFKA_SECURITY_PROTOCOL and friends. */
export function kafkaSecurity(env: Env): KafkaSecurity {
  const protocol = env.KAFKA_SECURITY_PROTOCOL;
  return {
    ...(protocol.endsWith('SSL') ? { ssl: tlsFor(env, 'KAFKA') } : {}),
    ...(protocol.startsWith('SASL_') ? { sasl: { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME!, password: env.KAFKA_SASL_PASSWORD! } } : {}),
  };
}

/** node-postgres' `ssl` option: TLS options when DATABASE_TLS=true, otherwise none. */
export function databaseTls(env: Env): ConnectionOptions | undefined {
  return env.DATABASE_TLS ? tlsFor(env, 'DATABASE') : undefined;
}

/** ioredis' `tls` option: TLS options for a rediss:// URL, otherwise none. */
export function redisTls(env: Env): ConnectionOptions | undefined {
  return env.REDIS_URL?.startsWith('rediss:') ? tlsFor(env, 'REDIS') : undefined;
}
