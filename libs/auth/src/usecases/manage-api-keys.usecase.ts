import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError } from '@questline/contracts';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import type { Principal, Scope } from '@questline/platform';
import { API_KEY_REPOSITORY, generateApiKey, type ApiKeyRecord, type ApiKeyRepository } from '../domain/api-key';
import { Authenticator } from '../domain/authenticator';

/** Creates (secret returned once), lists and revokes a tenant's API keys; audited. */
@Injectable()
export class ManageApiKeysUseCase {
  constructor(
    @Inject(API_KEY_REPOSITORY) private readonly keys: ApiKeyRepository,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
  ) {}

  /**
   * A key never grants more than the key that mints it: a tenant admin's new key has a subset of
   * its scopes and at most its rate limit (the root key may mint any). Keys are minted only for
   * tenants that exist (have an active pack).
   */
  async create(tenantId: string, who: Principal, spec: { name: string; scopes: Scope[]; rateLimit?: number }): Promise<ApiKeyRecord & { key: string }> {
    if (!this.packs.get(tenantId)) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack: keys are minted for existing tenants only.`);
    // The default is 200/s, or the minter's own limit when that is lower.
    const rateLimit = spec.rateLimit ?? Math.min(200, who.rateLimit ?? 200);
    if (!who.root) {
      const extra = spec.scopes.filter((s) => !who.scopes.includes(s));
      if (extra.length > 0) throw new ForbiddenError('scope_escalation', `A key cannot mint a key with scopes it does not have: ${extra.join(', ')}.`);
      if (who.rateLimit !== undefined && rateLimit > who.rateLimit) {
        throw new ForbiddenError('rate_limit_escalation', `A key cannot mint a key with a higher rate limit than its own (${who.rateLimit}/s).`);
      }
    }
    const { id, key, secretHash } = generateApiKey();
    const record = await this.keys.create({ id, tenantId, name: spec.name, scopes: spec.scopes, rateLimit, secretHash });
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'api_key.create', target: id, detail: { name: spec.name, scopes: spec.scopes, rateLimit: record.rateLimit } }]);
    return { ...record, key };
  }

  list(tenantId: string): Promise<ApiKeyRecord[]> {
    return this.keys.list(tenantId);
  }

  async revoke(tenantId: string, who: Principal, id: string): Promise<ApiKeyRecord> {
    const record = await this.keys.revoke(tenantId, id);
    if (!record) throw new NotFoundError('api_key_not_found', `Tenant "${tenantId}" has no API key ${id}.`);
    this.authenticator.forget(id);
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'api_key.revoke', target: id, detail: {} }]);
    return record;
  }
}
