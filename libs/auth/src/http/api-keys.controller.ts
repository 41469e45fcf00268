import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import { PRISMA, recordAudit, type Db } from '@questline/persistence';
import { CurrentPrincipal, RequireScope, SCOPES, TenantId, type Principal, type Scope } from '@questline/platform';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { API_KEY_REPOSITORY, generateApiKey, type ApiKeyRepository } from '../domain/api-key';
import { Authenticator } from '../domain/authenticator';

export class CreateApiKeyDto {
  /** What the key is for, e.g. "qa-service production". */
  @IsString()
  @Length(1, 100)
  name!: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  scopes!: Scope[];

  /** Requests per second (default 200). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimit?: number;
}

/** Tenant API keys. The secret is returned once, at creation; only its hash is kept. */
@Controller('v1/admin/api-keys')
@RequireScope('admin')
export class ApiKeysController {
  constructor(
    @Inject(API_KEY_REPOSITORY) private readonly keys: ApiKeyRepository,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(PRISMA) private readonly db: Db,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Body() dto: CreateApiKeyDto) {
    const { id, key, secretHash } = generateApiKey();
    const record = await this.keys.create({ id, tenantId, name: dto.name, scopes: dto.scopes, rateLimit: dto.rateLimit ?? 200, secretHash });
    await recordAudit(this.db, [{ tenantId, actor: who.keyId, action: 'api_key.create', target: id, detail: { name: dto.name, scopes: dto.scopes, rateLimit: record.rateLimit } }]);
    return { ...record, key };
  }

  @Get()
  async list(@TenantId() tenantId: string) {
    return { items: await this.keys.list(tenantId) };
  }

  @Delete(':id')
  async revoke(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('id') id: string) {
    const record = await this.keys.revoke(tenantId, id);
    if (!record) throw new NotFoundError('api_key_not_found', `Tenant "${tenantId}" has no API key ${id}.`);
    this.authenticator.forget(id);
    await recordAudit(this.db, [{ tenantId, actor: who.keyId, action: 'api_key.revoke', target: id, detail: {} }]);
    return record;
  }
}
