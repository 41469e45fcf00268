import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, ValidationFailedError } from '@questline/contracts';
import { PRISMA, recordAudit, type Db } from '@questline/persistence';
import { APP_CONFIG, type AppConfig, type Principal } from '@questline/platform';
import { InvalidPackError, PACK_CATALOG, parsePack, registryErrors, topicConflicts, type Pack, type PackCatalog } from '@questline/rules';
import { SCHEMA_REGISTRY, type SchemaRegistry } from '@questline/schema-registry';

export interface PackVersionView {
  version: number;
  status: string;
  uploadedBy: string;
  uploadedAt: string;
  activatedAt: string | null;
  rules: number;
}

/**
 * Pack versions through the admin API: validate, upload (a new version, validated, not active),
 * activate, roll back. A refused pack never touches the active one.
 */
@Injectable()
export class PacksService {
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(PACK_CATALOG) private readonly catalog: PackCatalog,
    @Inject(SCHEMA_REGISTRY) private readonly registry: SchemaRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get ns() {
    return this.config.QUESTLINE_NAMESPACE;
  }

  /** Parses and checks a pack for `tenantId`; throws InvalidPackError with pointers. */
  validate(tenantId: string, source: string): Pack {
    const pack = parsePack(source, `uploaded pack for ${tenantId}`);
    const errors = [...registryErrors(pack, this.registry), ...topicConflicts(pack, this.catalog.tenants().map((t) => this.catalog.get(t)!))];
    if (pack.tenant !== tenantId) errors.unshift({ pointer: '/tenant', detail: `must be "${tenantId}", the tenant of this API key` });
    if (errors.length > 0) throw new InvalidPackError(`uploaded pack for ${tenantId}`, errors);
    return pack;
  }

  async upload(tenantId: string, source: string, who: Principal): Promise<PackVersionView> {
    const pack = this.validate(tenantId, source);
    const latest = await this.db.packVersion.findFirst({ where: { namespace: this.ns, tenantId }, orderBy: { version: 'desc' }, select: { version: true } });
    if (latest && pack.version <= latest.version) {
      throw new ValidationFailedError(`Pack version ${pack.version} is not newer than version ${latest.version}.`, [{ pointer: '/version', detail: `must be greater than ${latest.version}` }], 'pack_version_not_newer');
    }
    const row = await this.db.packVersion.create({ data: { namespace: this.ns, tenantId, version: pack.version, source, status: 'validated', uploadedBy: who.keyId } });
    await recordAudit(this.db, [{ tenantId, actor: who.keyId, action: 'pack.upload', target: `v${pack.version}`, detail: { rules: pack.rules.length } }]);
    return view(row, pack.rules.length);
  }

  async list(tenantId: string): Promise<PackVersionView[]> {
    const rows = await this.db.packVersion.findMany({ where: { namespace: this.ns, tenantId }, orderBy: { version: 'desc' } });
    return rows.map((r) => view(r, safeRuleCount(r.source)));
  }

  async activate(tenantId: string, version: number, who: Principal, action = 'pack.activate'): Promise<PackVersionView> {
    const row = await this.db.packVersion.findUnique({ where: { namespace_tenantId_version: { namespace: this.ns, tenantId, version } } });
    if (!row) throw new NotFoundError('pack_version_not_found', `Tenant "${tenantId}" has no pack version ${version}.`);
    if (row.status === 'active') return view(row, safeRuleCount(row.source));
    const activated = await this.db.$transaction(async (tx) => {
      await tx.packVersion.updateMany({ where: { namespace: this.ns, tenantId, status: 'active' }, data: { status: 'retired' } });
      return tx.packVersion.update({ where: { namespace_tenantId_version: { namespace: this.ns, tenantId, version } }, data: { status: 'active', activatedAt: new Date() } });
    });
    await recordAudit(this.db, [{ tenantId, actor: who.keyId, action, target: `v${version}`, detail: {} }]);
    await this.catalog.refresh?.();
    return view(activated, safeRuleCount(activated.source));
  }

  /** Re-activates the version that was active before the current one. */
  async rollback(tenantId: string, who: Principal): Promise<PackVersionView> {
    const current = await this.db.packVersion.findFirst({ where: { namespace: this.ns, tenantId, status: 'active' } });
    const previous = await this.db.packVersion.findFirst({
      where: { namespace: this.ns, tenantId, status: 'retired', activatedAt: { not: null }, ...(current?.activatedAt ? { activatedAt: { lt: current.activatedAt } } : {}) },
      orderBy: { activatedAt: 'desc' },
    });
    if (!previous) throw new ConflictError('no_previous_pack', `Tenant "${tenantId}" has no earlier active pack version to roll back to.`);
    return this.activate(tenantId, previous.version, who, 'pack.rollback');
  }
}

function view(r: { version: number; status: string; uploadedBy: string; uploadedAt: Date; activatedAt: Date | null }, rules: number): PackVersionView {
  return { version: r.version, status: r.status, uploadedBy: r.uploadedBy, uploadedAt: r.uploadedAt.toISOString(), activatedAt: r.activatedAt?.toISOString() ?? null, rules };
}

function safeRuleCount(source: string): number {
  try {
    return parsePack(source).rules.length;
  } catch {
    return 0;
  }
}
