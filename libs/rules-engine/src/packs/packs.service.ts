import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, ValidationFailedError } from '@questline/contracts';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import type { Principal } from '@questline/platform';
import { InvalidPackError, PACK_CATALOG, parsePack, registryErrors, ruleVersionReuse, topicConflicts, withPackLines, type Pack, type PackCatalog } from '@questline/rules';
import { SCHEMA_REGISTRY, type SchemaRegistry } from '@questline/schema-registry';
import { PACK_VERSION_REPOSITORY, type PackVersionRecord, type PackVersionRepository } from '../domain/pack-version.repository';

export interface PackVersionView {
  version: number;
  status: string;
  uploadedBy: string;
  uploadedAt: string;
  activatedAt: string | null;
  rules: number;
  /** How many registry files (dialects, namespaces, schemas) the version carries. */
  registryFiles: number;
}

/**
 * Pack versions through the admin API: validate, upload (a new version, validated, not active),
 * activate, roll back. A refused pack never touches the active one.
 */
@Injectable()
export class PacksService {
  constructor(
    @Inject(PACK_VERSION_REPOSITORY) private readonly versions: PackVersionRepository,
    @Inject(PACK_CATALOG) private readonly catalog: PackCatalog,
    @Inject(SCHEMA_REGISTRY) private readonly registry: SchemaRegistry,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /**
   * Parses and checks a pack for `tenantId` against the registry it would run with: the shipped
   * one plus every tenant's active bundle, with this tenant's replaced by `registry` (when given;
   * otherwise its active bundle is kept). Throws InvalidPackError / ValidationFailedError with pointers.
   */
  async validate(tenantId: string, source: string, registry?: Readonly<Record<string, string>>): Promise<Pack> {
    const pack = parsePack(source, `(upload for tenant "${tenantId}")`);
    const view = this.registryView(tenantId, registry);
    const errors = [...registryErrors(pack, view), ...topicConflicts(pack, this.catalog.tenants().filter((t) => t !== tenantId).map((t) => this.catalog.get(t)!))];
    if (pack.tenant !== tenantId) errors.unshift({ pointer: '/tenant', detail: `must be "${tenantId}", the tenant of this API key` });
    if (errors.length > 0) throw new InvalidPackError(`(upload for tenant "${tenantId}")`, withPackLines(source, errors));
    // A bundle given (or stored with a version being activated) also has its patterns analysed.
    if (registry !== undefined && Object.keys(registry).length > 0) await this.catalog.checkBundle?.(registry);
    return pack;
  }

  /** The bundle a new version carries: the one uploaded with it, else the active version's (a rules-only change keeps the registry). */
  private bundleFor(tenantId: string, registry: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> | undefined {
    return registry ?? this.catalog.registryBundle?.(tenantId);
  }

  private registryView(tenantId: string, registry: Readonly<Record<string, string>> | undefined) {
    if (registry !== undefined && !this.catalog.registryWith) {
      throw new ValidationFailedError('This deployment cannot take registry bundles.', [{ pointer: '/registry', detail: 'not supported by the pack catalog' }], 'registry_bundles_unsupported');
    }
    return this.catalog.registryWith ? this.catalog.registryWith(tenantId, this.bundleFor(tenantId, registry)) : this.registry;
  }

  async upload(tenantId: string, source: string, who: Principal, registry?: Readonly<Record<string, string>>): Promise<PackVersionView> {
    const pack = await this.validate(tenantId, source, registry);
    const bundle = this.bundleFor(tenantId, registry);
    // Checked against the stored versions under the tenant's upload lock: two concurrent uploads
    // can neither take one version number nor define one rule version two ways.
    const created = await this.versions.create(tenantId, pack.version, source, who.keyId, bundle ? { ...bundle } : undefined, (stored) => {
      const latest = stored.length > 0 ? Math.max(...stored.map((r) => r.version)) : null;
      if (latest !== null && pack.version <= latest) {
        throw new ValidationFailedError(`Pack version ${pack.version} is not newer than version ${latest}.`, [{ pointer: '/version', detail: `must be greater than ${latest}` }], 'pack_version_not_newer');
      }
      const reused = ruleVersionReuse(pack, this.parsed(tenantId, stored));
      if (reused.length > 0) throw new InvalidPackError(`(upload for tenant "${tenantId}")`, withPackLines(source, reused));
    });
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'pack.upload', target: `v${pack.version}`, detail: { rules: pack.rules.length, registryFiles: Object.keys(bundle ?? {}).length } }]);
    return view(tenantId, created, pack.rules.length);
  }

  /**
   * A new version may not define a stored rule id and version otherwise (`ruleVersionReuse`):
   * checked on validate and upload, not on activation (the version activated is itself stored).
   */
  async checkRuleVersions(tenantId: string, pack: Pack, source: string): Promise<void> {
    const reused = ruleVersionReuse(pack, this.parsed(tenantId, await this.versions.list(tenantId)));
    if (reused.length > 0) throw new InvalidPackError(`(upload for tenant "${tenantId}")`, withPackLines(source, reused));
  }

  /**
   * Stored versions as packs, those this release can still read. A stored version never changes,
   * so each is parsed once per process (a tenant's list, validate and upload used to parse them all
   * every time).
   */
  private parsed(tenantId: string, stored: PackVersionRecord[]): { version: number; pack: Pack }[] {
    return stored.flatMap((r) => {
      const pack = parsedVersion(tenantId, r);
      return pack ? [{ version: r.version, pack }] : [];
    });
  }

  async list(tenantId: string): Promise<PackVersionView[]> {
    return (await this.versions.list(tenantId)).map((r) => view(tenantId, r));
  }

  async export(tenantId: string, version: number): Promise<PackVersionView & { source: string; registry: Record<string, string> }> {
    const found = await this.versions.find(tenantId, version);
    if (!found) throw new NotFoundError('pack_version_not_found', `Tenant "${tenantId}" has no pack version ${version}.`);
    return { ...view(tenantId, found), source: found.source, registry: found.registry ?? {} };
  }

  async activate(tenantId: string, version: number, who: Principal, action = 'pack.activate'): Promise<PackVersionView> {
    const found = await this.versions.find(tenantId, version);
    if (!found) throw new NotFoundError('pack_version_not_found', `Tenant "${tenantId}" has no pack version ${version}.`);
    if (found.status === 'active') return view(tenantId, found);
    // Checked again as it goes live: a version stored before a check existed (reserved topics,
    // unknown event types), or against registries and other tenants' topics that changed since,
    // must pass today's checks (422 with every problem, nothing activated).
    await this.validate(tenantId, found.source, found.registry ?? (this.catalog.registryWith ? {} : undefined));
    const activated = await this.versions.activate(tenantId, version);
    await this.audit.record([{ tenantId, actor: who.keyId, action, target: `v${version}`, detail: {} }]);
    await this.catalog.refresh?.();
    return view(tenantId, activated);
  }

  /** Re-activates the version that was active before the current one. */
  async rollback(tenantId: string, who: Principal): Promise<PackVersionView> {
    const previous = await this.versions.previouslyActive(tenantId);
    if (!previous) throw new ConflictError('no_previous_pack', `Tenant "${tenantId}" has no earlier active pack version to roll back to.`);
    return this.activate(tenantId, previous.version, who, 'pack.rollback');
  }
}

/** Parsed stored versions by tenant and version (null: stored before a format change this code cannot read). Bounded. */
const parsedVersions = new Map<string, Pack | null>();
const MAX_PARSED_VERSIONS = 2_000;

function parsedVersion(tenantId: string, r: PackVersionRecord): Pack | null {
  const key = `${tenantId}\n${r.version}\n${r.uploadedAt}`;
  let pack = parsedVersions.get(key);
  if (pack === undefined) {
    try {
      pack = parsePack(r.source);
    } catch {
      pack = null;
    }
    if (parsedVersions.size >= MAX_PARSED_VERSIONS) parsedVersions.delete(parsedVersions.keys().next().value!);
    parsedVersions.set(key, pack);
  }
  return pack;
}

function view(tenantId: string, r: PackVersionRecord, knownRules?: number): PackVersionView {
  const rules = knownRules ?? parsedVersion(tenantId, r)?.rules.length ?? 0;
  return { version: r.version, status: r.status, uploadedBy: r.uploadedBy, uploadedAt: r.uploadedAt, activatedAt: r.activatedAt, rules, registryFiles: Object.keys(r.registry ?? {}).length };
}
