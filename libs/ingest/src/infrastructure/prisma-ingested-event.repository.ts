import { Inject, Injectable } from '@nestjs/common';
import type { CanonicalEnvelope } from '@questline/contracts';
import { PRISMA, type Db } from '@questline/persistence';
import type { EventStatus, IngestedEventRepository, StoredEvent } from '../domain/ingested-event.repository';

@Injectable()
export class PrismaIngestedEventRepository implements IngestedEventRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async insertIfAbsent(tenantId: string, envelope: CanonicalEnvelope): Promise<{ stored: StoredEvent; created: boolean }> {
    const inserted = await this.db.ingestedEvent.createMany({
      data: [
        {
          id: envelope.id,
          tenantId,
          idempotencyKey: envelope.idempotencyKey,
          type: envelope.type,
          schemaVersion: envelope.schemaVersion,
          userId: envelope.userId,
          occurredAt: new Date(envelope.occurredAt),
          receivedAt: new Date(envelope.receivedAt),
          envelope: envelope as object,
          status: 'queued',
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.count === 1) return { stored: { envelope, status: 'queued' }, created: true };
    const existing = await this.db.ingestedEvent.findUniqueOrThrow({
      where: { tenantId_idempotencyKey: { tenantId, idempotencyKey: envelope.idempotencyKey } },
      select: { envelope: true, status: true },
    });
    return { stored: { envelope: existing.envelope as unknown as CanonicalEnvelope, status: existing.status as EventStatus }, created: false };
  }

  async findById(tenantId: string, id: string): Promise<StoredEvent | null> {
    const row = await this.db.ingestedEvent.findFirst({ where: { tenantId, id }, select: { envelope: true, status: true } });
    return row ? { envelope: row.envelope as unknown as CanonicalEnvelope, status: row.status as EventStatus } : null;
  }
}
