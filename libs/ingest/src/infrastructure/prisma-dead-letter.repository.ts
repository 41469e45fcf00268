import { Inject, Injectable } from '@nestjs/common';
import type { ErrorClass } from '@questline/contracts';
import { PRISMA, type Db } from '@questline/persistence';
import type { DeadLetter, DeadLetterFilter, DeadLetterRepository, DeadLetterStatus } from '../domain/dead-letter.repository';

type Row = Awaited<ReturnType<Db['deadLetter']['findFirstOrThrow']>>;

const toDeadLetter = (r: Row): DeadLetter => ({
  id: r.id,
  dlqTopic: r.dlqTopic,
  originTopic: r.originTopic,
  groupId: r.groupId,
  tenantId: r.tenantId,
  eventId: r.eventId,
  key: r.messageKey,
  value: r.value,
  original: r.originalBytes !== null && r.originalSha256 !== null ? { bytes: r.originalBytes, sha256: r.originalSha256 } : null,
  headers: r.headers as Record<string, string>,
  errorClass: r.errorClass as ErrorClass,
  errorMessage: r.errorMessage,
  attempts: r.attempts,
  firstFailedAt: r.firstFailedAt.toISOString(),
  deadAt: r.deadAt.toISOString(),
  status: r.status as DeadLetterStatus,
  replayCount: r.replayCount,
  lastReplayedAt: r.lastReplayedAt?.toISOString() ?? null,
  discardReason: r.discardReason,
  resolvedBy: r.resolvedBy,
});

@Injectable()
export class PrismaDeadLetterRepository implements DeadLetterRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async insert(letters: Parameters<DeadLetterRepository['insert']>[0]): Promise<void> {
    if (letters.length === 0) return;
    await this.db.deadLetter.createMany({
      skipDuplicates: true,
      data: letters.map((l) => ({
        id: l.id,
        dlqTopic: l.dlqTopic,
        originTopic: l.originTopic,
        groupId: l.groupId,
        tenantId: l.tenantId,
        eventId: l.eventId,
        messageKey: l.key,
        value: l.value,
        originalBytes: l.original?.bytes ?? null,
        originalSha256: l.original?.sha256 ?? null,
        headers: l.headers,
        errorClass: l.errorClass,
        errorMessage: l.errorMessage,
        attempts: l.attempts,
        firstFailedAt: new Date(l.firstFailedAt),
        deadAt: new Date(l.deadAt),
      })),
    });
  }

  async list(filter: DeadLetterFilter, limit: number, after?: { deadAt: string; id: string }): Promise<DeadLetter[]> {
    const rows = await this.db.deadLetter.findMany({
      where: {
        ...(filter.tenantId !== null ? { tenantId: filter.tenantId } : {}),
        ...(filter.topic ? { originTopic: filter.topic } : {}),
        ...(filter.errorClass ? { errorClass: filter.errorClass } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.from || filter.to ? { deadAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
        ...(after ? { OR: [{ deadAt: { lt: new Date(after.deadAt) } }, { deadAt: new Date(after.deadAt), id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ deadAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toDeadLetter);
  }

  async findByIds(tenantId: string | null, ids: string[]): Promise<DeadLetter[]> {
    const rows = await this.db.deadLetter.findMany({ where: { id: { in: ids }, ...(tenantId !== null ? { tenantId } : {}) } });
    return rows.map(toDeadLetter);
  }

  async markReplayed(ids: string[], by: string): Promise<void> {
    await this.db.deadLetter.updateMany({
      where: { id: { in: ids } },
      data: { status: 'replayed', replayCount: { increment: 1 }, lastReplayedAt: new Date(), resolvedBy: by },
    });
  }

  async markDiscarded(ids: string[], reason: string, by: string): Promise<void> {
    await this.db.deadLetter.updateMany({ where: { id: { in: ids } }, data: { status: 'discarded', discardReason: reason, resolvedBy: by } });
  }

  async pendingByTopic(): Promise<{ topic: string; count: number }[]> {
    const rows = await this.db.deadLetter.groupBy({ by: ['originTopic'], where: { status: 'pending' }, _count: { _all: true } });
    return rows.map((r) => ({ topic: r.originTopic, count: r._count._all }));
  }
}
