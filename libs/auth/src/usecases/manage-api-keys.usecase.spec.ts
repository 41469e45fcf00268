import { parsePack, type PackCatalog } from '@questline/rules';
import type { Principal } from '@questline/platform';
import type { ApiKeyRecord, ApiKeyRepository } from '../domain/api-key';
import { Authenticator } from '../domain/authenticator';
import { ManageApiKeysUseCase } from './manage-api-keys.usecase';

/** A named in-memory fake of the key repository. */
class MemoryKeys implements ApiKeyRepository {
  readonly rows: (ApiKeyRecord & { secretHash: string })[] = [];
  async create(key: Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'> & { secretHash: string }) {
    const row = { ...key, createdAt: new Date().toISOString(), revokedAt: null };
    this.rows.push(row);
    return row;
  }
  async findActiveByHash(hash: string) {
    return this.rows.find((r) => r.secretHash === hash && !r.revokedAt) ?? null;
  }
  async list(tenantId: string) {
    return this.rows.filter((r) => r.tenantId === tenantId);
  }
  async revoke() {
    return null;
  }
  async revokeByName() {}
}

describe('ManageApiKeysUseCase.create', () => {
  const pack = parsePack('tenant: shop\nversion: 1\nname: Shop\nschemaNamespace: tektree\ncurrencies: [{ id: xp }]\nrules: []');
  const packs: PackCatalog = { get: (t) => (t === 'shop' ? pack : undefined), tenants: () => ['shop'] };
  const keys = new MemoryKeys();
  const usecase = new ManageApiKeysUseCase(keys, new Authenticator(keys, undefined), { record: async () => {} }, packs);
  const admin: Principal = { keyId: 'k1', tenantId: 'shop', scopes: ['admin', 'read'], root: false, rateLimit: 50 };
  const root: Principal = { keyId: 'root', tenantId: 'shop', scopes: ['events:write', 'read', 'admin'], root: true };

  it('a tenant admin mints keys within its own scopes and rate limit only', async () => {
    await expect(usecase.create('shop', admin, { name: 'more', scopes: ['events:write'] })).rejects.toMatchObject({ code: 'scope_escalation', kind: 'forbidden' });
    await expect(usecase.create('shop', admin, { name: 'faster', scopes: ['read'], rateLimit: 500 })).rejects.toMatchObject({ code: 'rate_limit_escalation' });
    const ok = await usecase.create('shop', admin, { name: 'reader', scopes: ['read'] });
    expect(ok).toMatchObject({ scopes: ['read'], rateLimit: 50 }); // the default never exceeds the minter's own
  });

  it('keys only for tenants that exist, even with the root key', async () => {
    await expect(usecase.create('nobody', root, { name: 'x', scopes: ['read'] })).rejects.toMatchObject({ code: 'unknown_tenant', kind: 'not_found' });
    expect(await usecase.create('shop', root, { name: 'any', scopes: ['events:write', 'admin'], rateLimit: 5_000 })).toMatchObject({ rateLimit: 5_000 });
  });
});
