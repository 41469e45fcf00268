import { parsePack, type Pack, type PackCatalog } from '@questline/rules';
import type { Db } from '@questline/persistence';
import type { FilePackCatalog } from './file-pack-catalog';

/**
 * Tenants' active packs from Postgres (`pack_version`), so uploads and activations through the
 * admin API reach every service: each process re-reads the active versions every `pollMs` (and
 * at once after an activation it made). The files under PACKS_DIR bootstrap it: a tenant with no
 * version in the database gets its file pack recorded as the active one.
 */
export class DbPackCatalog implements PackCatalog {
  private packs = new Map<string, Pack>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly namespace: string,
    private readonly files: FilePackCatalog,
    private readonly log: { warn(obj: object, msg: string): void },
  ) {}

  async start(pollMs = 5_000): Promise<void> {
    for (const tenant of this.files.tenants()) {
      const pack = this.files.get(tenant)!;
      await this.db.packVersion.createMany({
        data: [{ namespace: this.namespace, tenantId: tenant, version: pack.version, source: this.files.sources.get(tenant)!, status: 'active', uploadedBy: 'packs-dir', activatedAt: new Date() }],
        skipDuplicates: true,
      }).catch(() => undefined); // another version is active already (unique index): the database wins
    }
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch((err: unknown) => this.log.warn({ err }, 'could not refresh packs')), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    const rows = await this.db.packVersion.findMany({ where: { namespace: this.namespace, status: 'active' }, select: { tenantId: true, version: true, source: true } });
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

  get(tenantId: string): Pack | undefined {
    return this.packs.get(tenantId);
  }

  tenants(): string[] {
    return [...this.packs.keys()];
  }
}
