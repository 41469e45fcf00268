import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '@questline/persistence';
import type { Scope } from '@questline/platform';
import type { ApiKeyRecord, ApiKeyRepository } from '../domain/api-key';

type Row = { id: string; tenantId: string; name: string; scopes: string[]; rateLimit: number; createdAt: Date; revokedAt: Date | null };

const toRecord = (r: Row): ApiKeyRecord => ({
  id: r.id,
  tenantId: r.tenantId,
  name: r.name,
  scopes: r.scopes as Scope[],
  rateLimit: r.rateLimit,
  createdAt: r.createdAt.toISOString(),
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

@Injectable()
export class PrismaApiKeyRepository implements ApiKeyRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async create(key: Omit<ApiKeyRecord, 'createdAt' | 'revokedAt'> & { secretHash: string }): Promise<ApiKeyRecord> {
    return toRecord(await this.db.apiKey.create({ data: key }));
  }

  async findActiveByHash(secretHash: string): Promise<ApiKeyRecord | null> {
    const row = await this.db.apiKey.findFirst({ where: { secretHash, revokedAt: null } });
    return row ? toRecord(row) : null;
  }

  async list(tenantId: string): Promise<ApiKeyRecord[]> {
    return (await this.db.apiKey.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } })).map(toRecord);
  }

  async revoke(tenantId: string, id: string): Promise<ApiKeyRecord | null> {
    await this.db.apiKey.updateMany({ where: { tenantId, id, revokedAt: null }, data: { revokedAt: new Date() } });
    const row = await this.db.apiKey.findFirst({ where: { tenantId, id } });
    return row ? toRecord(row) : null;
  }

  async revokeByName(tenantId: string, name: string): Promise<void> {
    await this.db.apiKey.updateMany({ where: { tenantId, name, revokedAt: null }, data: { revokedAt: new Date() } });
  }
}
