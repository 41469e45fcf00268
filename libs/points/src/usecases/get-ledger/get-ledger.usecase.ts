import { Inject, Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '@questline/platform';
import { LEDGER_REPOSITORY, type LedgerRepository } from '../../domain/ledger.repository';
import type { GetLedgerCommand } from './get-ledger.command';

/** Every balance change of a user, newest first, with the event, rule and rule version that caused it; cursor-paged. */
@Injectable()
export class GetLedgerUseCase {
  constructor(@Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository) {}

  async execute(q: GetLedgerCommand) {
    const entries = await this.ledger.entries(q.tenantId, q.userId, {
      limit: q.limit,
      beforeId: decodeCursor('e', q.cursor),
      currency: q.currency,
      kind: q.kind,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      eventId: q.eventId,
    });
    const last = entries[entries.length - 1];
    return { userId: q.userId, entries, nextCursor: entries.length === q.limit && last ? encodeCursor('e', last.id) : null };
  }
}
