import { Injectable } from '@nestjs/common';
import { ValidationFailedError, type ErrorClass } from '@questline/contracts';
import type { DeadLetterStatus } from '../../domain/dead-letter.repository';
import { DeadLetters } from '../dead-letters/dead-letters';

export interface ListDeadLettersCommand {
  /** null: every tenant (root key only). */
  tenantId: string | null;
  topic?: string;
  errorClass?: ErrorClass;
  status?: DeadLetterStatus;
  from?: Date;
  to?: Date;
  limit?: number;
  cursor?: string;
}

/** Dead letters, newest first, filtered and cursor-paginated. */
@Injectable()
export class ListDeadLettersUseCase {
  constructor(private readonly deadLetters: DeadLetters) {}

  async execute(q: ListDeadLettersCommand) {
    const limit = q.limit ?? 50;
    const items = await this.deadLetters.letters.list(
      { tenantId: q.tenantId, topic: q.topic, errorClass: q.errorClass, status: q.status, from: q.from, to: q.to },
      limit,
      q.cursor ? decodeCursor(q.cursor) : undefined,
    );
    const last = items[items.length - 1];
    return { items, nextCursor: items.length === limit && last ? Buffer.from(`${last.deadAt}|${last.id}`).toString('base64url') : null };
  }
}

function decodeCursor(cursor: string): { deadAt: string; id: string } {
  try {
    const [deadAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    if (!deadAt || !id || Number.isNaN(Date.parse(deadAt))) throw new Error('bad');
    return { deadAt, id };
  } catch {
    throw new ValidationFailedError('Malformed cursor: pass back the nextCursor of a previous page.', [{ pointer: '/query/cursor', detail: 'malformed' }], 'invalid_cursor');
  }
}
