import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
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
  ) {}

  async create(tenantId: string, who: Principal, spec: { name: string; scopes: Scope[]; rateLimit?: number }): Promise<ApiKeyRecord & { key: string }> {
    const { id, key, secretHash } = generateApiKey();
    const record = await this.keys.create({ id, tenantId, name: spec.name, scopes: spec.scopes, rateLimit: spec.rateLimit ?? 200, secretHash });
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
