import { ValidationFailedError } from '@questline/contracts';
import type { Db } from '@questline/persistence';
import { parsePack, type Pack, type PackCatalog } from '@questline/rules';
import { bundleChangeProblems, mergeRegistrySources, RegistryLoadError, registrySourceFromFiles, SchemaRegistry, unsafePatterns, type RegistrySource } from '@questline/schema-registry';
import type { FilePackCatalog } from './file-pack-catalog';

type Bundle = Readonly<Record<string, string>>;

/**
 * Tenants' active packs from Postgres (`pack_version`), so uploads and activations through the
 * admin API reach every service: each process re-reads the active versions every `pollMs` (and
 * at once after an activation it made). The files under PACKS_DIR bootstrap it: a tenant with no
 * version in the database gets its file pack recorded as the active one.
 *
 * A version may carry a registry bundle (the tenant's own dialects, namespaces and schemas, in the
 * registry-folder layout). The live event registry is the shipped one (SCHEMAS_DIR) plus every
 * active bundle, rebuilt when the set of active bundles changes and swapped in whole.
 */
export class DbPackCatalog implements PackCatalog {
  private packs = new Map<string, Pack>();
  private bundles = new Map<string, { version: number; files: Bundle }>();
  private bundlesKey = '';
  private readonly base: RegistrySource;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly namespace: string,
    private readonly files: FilePackCatalog,
    private readonly log: { warn(obj: object, msg: string): void },
    private readonly registry: SchemaRegistry,
  ) {
    this.base = registry.source;
  }

  async start(pollMs = 5_000): Promise<void> {
    for (const tenant of this.files.tenants()) {
      const pack = this.files.get(tenant)!;
      await this.db.packVersion.createMany({
        data: [{ namespace: this.namespace, tenantId: tenant, version: pack.version, source: this.files.sources.get(tenant)!, status: 'active', uploadedBy: 'packs-dir', activatedAt: new Date() }],
        skipDuplicates: true,
      }).catch(() => undefined); // another version is active already (unique index): the database wins
    }
    await this.refresh();
    // A pack file that did not become the active version (the database has its own): say so, once,
    // or an edited packs/<tenant>/pack.yaml is silently ignored.
    for (const tenant of this.files.tenants()) {
      const file = this.files.get(tenant)!;
      const active = this.packs.get(tenant);
      if (active && (active.version !== file.version || this.files.sources.get(tenant) !== (await this.activeSource(tenant)))) {
        this.log.warn(
          { tenant, fileVersion: file.version, activeVersion: active.version },
          `packs/${tenant}: the file (version ${file.version}) is not what runs — the database has version ${active.version} active. Upload it with \`npm run -s tenant -- push --pack <file> --activate\` or the console's Packs page (a new version number)`,
        );
      }
    }
    this.timer = setInterval(() => void this.refresh().catch((err: unknown) => this.log.warn({ err }, 'could not refresh packs')), pollMs);
    this.timer.unref();
  }

  private async activeSource(tenant: string): Promise<string | undefined> {
    const row = await this.db.packVersion.findFirst({ where: { namespace: this.namespace, tenantId: tenant, status: 'active' }, select: { source: true } });
    return row?.source;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    const rows = await this.db.packVersion.findMany({ where: { namespace: this.namespace, status: 'active' }, select: { tenantId: true, version: true, source: true, registry: true } });
    this.refreshRegistry(rows.filter((r) => r.registry !== null).map((r) => ({ tenant: r.tenantId, version: r.version, files: r.registry as Bundle })));
    const next = new Map<string, Pack>();
    for (const r of rows) {
      const current = this.packs.get(r.tenantId);
      if (current?.version === r.version) next.set(r.tenantId, current);
      else {
        try {
          next.set(r.tenantId, parsePack(r.source, `pack_version ${r.tenantId} v${r.version}`));
        } catch (err) {
          // Validated at upload; if this process cannot read it (older code), keep what it had.
          this.log.warn({ err, tenant: r.tenantId, version: r.version }, 'active pack unreadable here; keeping the previous one');
          if (current) next.set(r.tenantId, current);
        }
      }
    }
    this.packs = next;
  }

  /** Rebuilds the live registry when the active bundles changed; a bundle that no longer loads is left out (and said). */
  private refreshRegistry(active: { tenant: string; version: number; files: Bundle }[]): void {
    active.sort((a, b) => a.tenant.localeCompare(b.tenant));
    const key = active.map((b) => `${b.tenant}@${b.version}`).join(',');
    if (key === this.bundlesKey) return;
    let kept = active;
    let built: SchemaRegistry;
    try {
      built = this.build(active);
    } catch {
      // Validated at upload, so only a race (two tenants claiming one namespace at once) or older
      // code gets here: add the bundles one by one and leave out those that do not load.
      kept = [];
      built = new SchemaRegistry(this.base);
      for (const bundle of active) {
        try {
          built = this.build([...kept, bundle]);
          kept.push(bundle);
        } catch (err) {
          this.log.warn({ err, tenant: bundle.tenant, version: bundle.version }, 'registry bundle does not load with the others; left out');
        }
      }
    }
    this.registry.replaceWith(built);
    this.bundles = new Map(kept.map((b) => [b.tenant, { version: b.version, files: b.files }]));
    this.bundlesKey = key;
  }

  private build(bundles: { tenant: string; files: Bundle }[]): SchemaRegistry {
    return new SchemaRegistry(
      mergeRegistrySources([{ name: 'SCHEMAS_DIR', source: this.base }, ...bundles.map((b) => ({ name: `tenant "${b.tenant}"`, source: bundleSource(b.files) }))]),
    );
  }

  registryBundle(tenantId: string): Bundle | undefined {
    return this.bundles.get(tenantId)?.files;
  }

  registryWith(tenantId: string, files: Bundle | undefined): SchemaRegistry {
    const others = [...this.bundles].filter(([t]) => t !== tenantId).map(([tenant, b]) => ({ tenant, files: b.files }));
    try {
      const registry = this.build(files ? [...others, { tenant: tenantId, files }] : others);
      const active = this.bundles.get(tenantId);
      if (active) {
        // A new version may add schema versions, not change or remove published ones.
        const problems = bundleChangeProblems(registrySourceFromFiles(active.files, 'registry'), files ? registrySourceFromFiles(files, 'registry') : { documents: [], namespaces: [] });
        if (problems.length > 0) throw new RegistryLoadError(problems);
      }
      return registry;
    } catch (err) {
      if (!(err instanceof RegistryLoadError)) throw err;
      throw bundleRefused(err.problems);
    }
  }

  async checkBundle(files: Bundle): Promise<void> {
    // A tenant's patterns run on every event in this shared process: none may backtrack catastrophically.
    // Schemas, and dialects' envelopes (compiled by the same ajv, run on every raw event).
    const source = registrySourceFromFiles(files, 'registry');
    const dialects = (source.dialects ?? []).map((d) => ({ file: source.origins?.[`dialect:${d.id}`] ?? `registry/dialects/${d.id}.yaml`, schema: { envelope: d.envelope } }));
    const unsafe = await unsafePatterns([...source.documents, ...dialects]);
    if (unsafe.length > 0) throw bundleRefused(unsafe);
  }

  get(tenantId: string): Pack | undefined {
    return this.packs.get(tenantId);
  }

  tenants(): string[] {
    return [...this.packs.keys()];
  }
}

/** `registry/acme/namespace.yaml: /naming …` → pointer `/registry/acme~1namespace.yaml` (the file's key in the upload). */
/** 422 `invalid_registry_bundle` with every problem at its file's pointer. */
function bundleRefused(problems: string[]): ValidationFailedError {
  return new ValidationFailedError('The registry bundle does not load: every problem is listed.', problems.map(problemField), 'invalid_registry_bundle');
}

function problemField(problem: string): { pointer: string; detail: string } {
  const m = /^registry\/([^:]+): (.*)$/s.exec(problem);
  if (!m) return { pointer: '/registry', detail: problem };
  return { pointer: `/registry/${m[1]!.replace(/~/g, '~0').replace(/\//g, '~1')}`, detail: m[2]! };
}

/** A tenant's bundle as a registry source: its schemas must belong to namespaces it defines itself. */
function bundleSource(files: Bundle): RegistrySource {
  const source = registrySourceFromFiles(files, 'registry');
  const own = new Set(source.namespaces.map((n) => n.namespace));
  const foreign = source.documents.filter((d) => !own.has(d.metadata.namespace));
  if (foreign.length > 0) {
    throw new RegistryLoadError(foreign.map((d) => `${d.file}: namespace "${d.metadata.namespace}" is not defined in this bundle (a bundle adds event types only to its own namespaces)`));
  }
  return source;
}
