import { createHash, randomBytes } from 'node:crypto';
import type { Scope } from '@questline/platform';

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  name: string;
  scopes: Scope[];
  rateLimit: number;
  createdAt: string;
  revokedAt: string | null;
}

export const API_KEY_REPOSITORY = Symbol('API_KEY_REPOSITORY');

export interface ApiKeyRepository {
  create(key: Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'> & { secretHash: string }): Promise<ApiKeyRecord>;
  findActiveByHash(secretHash: string): Promise<ApiKeyRecord | null>;
  list(tenantId: string): Promise<ApiKeyRecord[]>;
  /** Returns the revoked key, or null if the tenant has no such key. */
  revoke(tenantId: string, id: string): Promise<ApiKeyRecord | null>;
  revokeByName(tenantId: string, name: string): Promise<void>;
}

/**
 * `ql_<id>_<secret>`: the id (public, shown in lists and audit logs) and 256 random bits. Only
 * the SHA-256 of the whole key is stored: with that much entropy a slow password hash buys
 * nothing, and one indexed lookup verifies a key.
 */
export function generateApiKey(): { id: string; key: string; secretHash: string } {
  const id = randomBytes(6).toString('hex');
  const key = `ql_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, secretHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
