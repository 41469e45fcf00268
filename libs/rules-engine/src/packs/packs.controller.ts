import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { CurrentPrincipal, RequireScope, TenantId, type Principal } from '@questline/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { REGISTRY_FILE_PATH } from '@questline/schema-registry';
import { IsOptional, IsString, MaxLength, MinLength, ValidateBy, type ValidationOptions } from 'class-validator';


/** `{ "<registry path>": "<file text>" }`: at most 500 files, each path in the registry layout. */
function IsRegistryBundle(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRegistryBundle',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length <= 500 &&
          Object.entries(value).every(([path, text]) => REGISTRY_FILE_PATH.test(path) && typeof text === 'string'),
        defaultMessage: () =>
          'registry must map registry paths (dialects/<id>.yaml, <namespace>/namespace.yaml, <namespace>/<type>/v<N>.schema.json) to file text, at most 500 files',
      },
    },
    options,
  );
}
import { PacksService } from './packs.service';

export class PackSourceDto {
  /** The pack as YAML or JSON text (see docs/packs.md). */
  @IsString()
  @MinLength(1)
  @MaxLength(512 * 1024)
  source!: string;

  /**
   * The tenant's own event registry files, in the registry folder layout: its dialects, namespaces
   * and schemas (see docs/reference.md). Active with the pack version. Absent: the active version's
   * bundle is kept. A new bundle may add schema versions, not change or remove published ones.
   */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'dialects/acme.yaml': 'id: acme\n…', 'acme/namespace.yaml': 'title: Acme\nnaming: dotted\n', 'acme/lesson.completed/v1.schema.json': '{ … }' },
  })
  @IsOptional()
  @IsRegistryBundle()
  registry?: Record<string, string>;
}

/**
 * The calling tenant's rule packs: validate, upload, list, export, activate, roll back. The root
 * key names any tenant (X-Questline-Tenant), so uploading and activating the first pack of a new
 * tenant creates it at run time: keys can then be minted for it, and its `ingest.kafkaTopics` are
 * consumed (with their dead-letter topics) within seconds, without a restart.
 */
@Controller('v1/admin/packs')
@RequireScope('admin')
export class PacksController {
  constructor(private readonly packs: PacksService) {}

  /** Checks a pack without storing it: 200 with a summary, or 422 with every error and its pointer. */
  @Post('validate')
  @HttpCode(200)
  async validate(@TenantId() tenantId: string, @Body() dto: PackSourceDto) {
    const pack = await this.packs.validate(tenantId, dto.source, dto.registry);
    await this.packs.checkRuleVersions(tenantId, pack, dto.source);
    return { valid: true, version: pack.version, rules: pack.rules.length, currencies: pack.currencies.map((c) => c.id) };
  }

  /** Stores a new version (validated, not yet active). */
  @Post()
  @HttpCode(201)
  upload(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Body() dto: PackSourceDto) {
    return this.packs.upload(tenantId, dto.source, who, dto.registry);
  }

  /** Every stored version of the tenant's pack, the active one marked. */
  @Get()
  async list(@TenantId() tenantId: string) {
    return { items: await this.packs.list(tenantId) };
  }

  /**
   * One stored version with its source as uploaded (YAML or JSON): the export of a tenant's pack,
   * e.g. to copy a tenant to another environment.
   */
  @Get(':version')
  export(@TenantId() tenantId: string, @Param('version', ParseIntPipe) version: number) {
    return this.packs.export(tenantId, version);
  }

  /** Makes a stored version the active one; events from now on are scored by it. */
  @Post(':version/activate')
  @HttpCode(200)
  activate(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal, @Param('version', ParseIntPipe) version: number) {
    return this.packs.activate(tenantId, version, who);
  }

  /** Activates the version that was active before the current one. */
  @Post('rollback')
  @HttpCode(200)
  rollback(@TenantId() tenantId: string, @CurrentPrincipal() who: Principal) {
    return this.packs.rollback(tenantId, who);
  }
}
