import { ForbiddenError, UnauthorizedError } from '@questline/contracts';
import { generateApiKey, hashApiKey, type ApiKeyRecord, type ApiKeyRepository } from './api-key';
import { Authenticator } from './authenticator';

function repoWith(records: (ApiKeyRecord & { secretHash: string })[]): ApiKeyRepository & { lookups: number } {
  const repo = {
    lookups: 0,
    async findActiveByHash(hash: string) {
      repo.lookups++;
      return records.find((r) => r.secretHash === hash && !r.revokedAt) ?? null;
    },
    create: async () => { throw new Error('unused'); },
    list: async () => [],
    revoke: async () => null,
    revokeByName: async () => undefined,
  };
  return repo;
}

describe('Authenticator', () => {
  const root = 'ql_root_0123456789abcdef0123456789';
  const { id, key, secretHash } = generateApiKey();
  const record = { id, tenantId: 'tektree', name: 'qa', scopes: ['events:write' as const], rateLimit: 50, createdAt: '', revokedAt: null, secretHash };

  it('stores keys as a SHA-256 and finds them by it', () => {
    expect(key).toMatch(/^ql_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(secretHash).toBe(hashApiKey(key));
    expect(secretHash).not.toContain(key);
  });

  it('401 for missing, malformed or unknown keys; 403 for a missing scope or another tenant', async () => {
    const auth = new Authenticator(repoWith([record]), root);
    await expect(auth.authenticate({}, 'read')).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(auth.authenticate({ authorization: 'Basic abc' }, 'read')).rejects.toMatchObject({ code: 'invalid_authorization' });
    await expect(auth.authenticate({ authorization: 'Bearer ql_x_y' }, 'read')).rejects.toMatchObject({ code: 'invalid_api_key' });
    await expect(auth.authenticate({ authorization: `Bearer ${key}` }, 'read')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(auth.authenticate({ apiKeyHeader: key, tenantHeader: 'other' }, 'events:write')).rejects.toMatchObject({ code: 'tenant_mismatch' });
    await expect(auth.authenticate({ apiKeyHeader: key }, 'events:write')).resolves.toEqual({ keyId: id, tenantId: 'tektree', scopes: ['events:write'], root: false, rateLimit: 50 });
  });

  it('the root key acts on the tenant it names, with every scope', async () => {
    const auth = new Authenticator(repoWith([]), root);
    await expect(auth.authenticate({ authorization: `Bearer ${root}`, tenantHeader: 'austa' }, 'admin')).resolves.toMatchObject({ keyId: 'root', tenantId: 'austa', root: true });
    await expect(auth.authenticate({ authorization: `Bearer ${root}` }, 'admin')).resolves.toMatchObject({ tenantId: '*' });
  });

  it('caches lookups, and forgets a key revoked in this process', async () => {
    const repo = repoWith([record]);
    const auth = new Authenticator(repo, undefined);
    for (let i = 0; i < 5; i++) await auth.authenticate({ apiKeyHeader: key }, 'events:write');
    expect(repo.lookups).toBe(1);
    record.revokedAt = 'now' as unknown as null;
    auth.forget(id);
    await expect(auth.authenticate({ apiKeyHeader: key }, 'events:write')).rejects.toMatchObject({ code: 'invalid_api_key' });
  });
});
