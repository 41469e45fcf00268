import { Inject, Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@questline/contracts';
import { decodeCursor, encodeCursor } from '@questline/platform';
import { LEDGER_REPOSITORY, type LedgerRepository } from '../../domain/ledger.repository';
import type { GetLedgerCommand } from './get-ledger.command';

/** Every balance change of a user, newest first, with the event, rule and rule version that caused it; cursor-paged. */
@Injectable()
export class GetLedgerUseCase {
  constructor(@Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository) {}

  async execute(q: GetLedgerCommand) {
    const [from, to] = [q.from ? new Date(q.from) : undefined, q.to ? new Date(q.to) : undefined];
    // As the events list says it (Askly trial #9): a range that ends before it starts is a mistake, not an empty page.
    if (from && to && from > to) throw new ValidationFailedError('from is after to.', [{ pointer: '/query/to', detail: 'must not be before from' }], 'invalid_range');
    const entries = await this.ledger.entries(q.tenantId, q.userId, {
      limit: q.limit,
      beforeId: decodeCursor('e', q.cursor),
      currency: q.currency,
      kind: q.kind,
      from,
      to,
      eventId: q.eventId,
    });
    const last = entries[entries.length - 1];
    return { userId: q.userId, entries, nextCursor: entries.length === q.limit && last ? encodeCursor('e', last.id) : null };
  }
}
