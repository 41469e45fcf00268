import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '@questline/persistence';
import { APP_CONFIG, type AppConfig } from '@questline/platform';
import type { PackVersionRecord, PackVersionRepository } from '../domain/pack-version.repository';

type Row = { version: number; source: string; registry: unknown; status: string; uploadedBy: string; uploadedAt: Date; activatedAt: Date | null };

const toRecord = (r: Row): PackVersionRecord => ({
  version: r.version,
  source: r.source,
  registry: (r.registry as Record<string, string> | null) ?? null,
  status: r.status,
  uploadedBy: r.uploadedBy,
  uploadedAt: r.uploadedAt.toISOString(),
  activatedAt: r.activatedAt?.toISOString() ?? null,
});

@Injectable()
export class PrismaPackVersionRepository implements PackVersionRepository {
  private readonly namespace: string;

  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.namespace = config.QUESTLINE_NAMESPACE;
  }

  private key(tenantId: string, version: number) {
    return { namespace_tenantId_version: { namespace: this.namespace, tenantId, version } };
  }

  async create(tenantId: string, version: number, source: string, uploadedBy: string, registry: Record<string, string> | undefined, check: (stored: PackVersionRecord[]) => void): Promise<PackVersionRecord> {
    const data = { namespace: this.namespace, tenantId, version, source, ...(registry ? { registry } : {}), status: 'validated', uploadedBy };
    return toRecord(
      await this.db.$transaction(
        async (tx) => {
          // One upload of a tenant at a time, across instances: the lock ends with the transaction.
          await tx.$queryRawUnsafe('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text AS locked', `pack-upload\n${this.namespace}\n${tenantId}`);
          check((await tx.packVersion.findMany({ where: { namespace: this.namespace, tenantId }, orderBy: { version: 'desc' } })).map(toRecord));
          return tx.packVersion.create({ data });
        },
        { timeout: 30_000 },
      ),
    );
  }

  async list(tenantId: string): Promise<PackVersionRecord[]> {
    return (await this.db.packVersion.findMany({ where: { namespace: this.namespace, tenantId }, orderBy: { version: 'desc' } })).map(toRecord);
  }

  async find(tenantId: string, version: number): Promise<PackVersionRecord | null> {
    const row = await this.db.packVersion.findUnique({ where: this.key(tenantId, version) });
    return row ? toRecord(row) : null;
  }

  async activate(tenantId: string, version: number): Promise<PackVersionRecord> {
    return toRecord(
      await this.db.$transaction(async (tx) => {
        await tx.packVersion.updateMany({ where: { namespace: this.namespace, tenantId, status: 'active' }, data: { status: 'retired' } });
        return tx.packVersion.update({ where: this.key(tenantId, version), data: { status: 'active', activatedAt: new Date() } });
      }),
    );
  }

  async previouslyActive(tenantId: string): Promise<PackVersionRecord | null> {
    const current = await this.db.packVersion.findFirst({ where: { namespace: this.namespace, tenantId, status: 'active' } });
    const previous = await this.db.packVersion.findFirst({
      where: { namespace: this.namespace, tenantId, status: 'retired', activatedAt: current?.activatedAt ? { lt: current.activatedAt } : { not: null } },
      orderBy: { activatedAt: 'desc' },
    });
    return previous ? toRecord(previous) : null;
  }
}
