import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, RequireScope, SCOPES, TenantId, type Principal, type Scope } from '@questline/platform';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ManageApiKeysUseCase } from '../usecases/manage-api-keys.usecase';

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
  constructor(private readonly apiKeys: ManageApiKeysUseCase) {}

  /** Mints an API key within the minter's own scopes and rate limit; the secret is shown once. */
  @Post()
  @HttpCode(201)
  create(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Body() dto: CreateApiKeyDto) {
    return this.apiKeys.create(tenantId, who, dto);
  }

  /** The tenant's API keys (never their secrets). */
  @Get()
  async list(@TenantId() tenantId: string) {
    return { items: await this.apiKeys.list(tenantId) };
  }

  /** Revokes an API key: it stops working at once. */
  @Delete(':id')
  revoke(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('id') id: string) {
    return this.apiKeys.revoke(tenantId, who, id);
  }
}
