import { Inject, Injectable } from '@nestjs/common';
import { assertUserId, ValidationFailedError } from '@questline/contracts';
import { INGESTED_EVENT_REPOSITORY, type EventStatus, type IngestedEventRepository } from '../../domain/ingested-event.repository';

export interface ListEventsCommand {
  tenantId: string;
  userId?: string;
  idempotencyKey?: string;
  type?: string;
  status?: EventStatus;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What the cursor's time is written as (`toISOString`). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Control characters (NUL included: Postgres refuses it in text) and lone surrogates. */
const UNSAFE = /[\p{Cc}\p{Cs}]/u;

/** An event-time bound Postgres can hold, or 422. */
function instant(value: string | undefined, pointer: string): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  const year = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || year < 1 || year > 9999) throw new ValidationFailedError(`${pointer.split('/').pop()} is not a time the ledger can hold.`, [{ pointer, detail: 'an ISO 8601 time between years 1 and 9999' }], 'validation_failed');
  return at;
}

/**
 * A user's events (or the one with an idempotency key), newest event time first, each with its
 * status and outcomes: what paid, and why a rule paid nothing. Support finds "the lesson that paid
 * nothing" by user and time, without its id (an event that paid nothing has no ledger entry).
 */
@Injectable()
export class ListEventsUseCase {
  constructor(@Inject(INGESTED_EVENT_REPOSITORY) private readonly events: IngestedEventRepository) {}

  async execute(q: ListEventsCommand) {
    if (q.userId === undefined && q.idempotencyKey === undefined) {
      throw new ValidationFailedError(
        'Name a user (`userId`) or an idempotency key (`idempotencyKey`): events are listed per user, not for the whole tenant.',
        [{ pointer: '/query/userId', detail: 'required unless idempotencyKey is given' }],
        'events_filter_required',
      );
    }
    // A user's events only: the platform's placeholders (`_unlinked`: events of no one, kept without
    // consent; `deleted:…`: erased users) are not users, and listing them would list everyone's.
    if (q.userId !== undefined) assertUserId(q.userId, '/query/userId');
    for (const [name, value] of [['idempotencyKey', q.idempotencyKey], ['type', q.type]] as const) {
      if (value !== undefined && UNSAFE.test(value)) throw new ValidationFailedError(`${name} contains a control character.`, [{ pointer: `/query/${name}`, detail: 'contains a control character or a lone surrogate' }], 'validation_failed');
    }
    const [from, to] = [instant(q.from, '/query/from'), instant(q.to, '/query/to')];
    // A range the wrong way round lists nothing: it is the query's mistake, said as one.
    if (from && to && from > to) throw new ValidationFailedError('from is after to.', [{ pointer: '/query/to', detail: 'must not be before from' }], 'invalid_range');
    const items = await this.events.list(
      q.tenantId,
      {
        userId: q.userId,
        idempotencyKey: q.idempotencyKey,
        type: q.type,
        status: q.status,
        from,
        to,
        after: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
      },
      q.limit,
    );
    const last = items[items.length - 1];
    return {
      events: items.map(({ envelope, status, outcomes, error, receivedAt }) => ({ id: envelope.id, status, receivedAt, outcomes: outcomes ?? null, error: error ?? null, event: envelope })),
      nextCursor: items.length === q.limit && last ? Buffer.from(`${last.position.occurredAt}|${last.position.arrival}|${last.position.id}`).toString('base64url') : null,
    };
  }
}

/** `time|arrival|id`; `time|id` from a release before arrival order (still read). */
function decodeCursor(cursor: string): { occurredAt: string; arrival?: string; id: string } {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const [occurredAt, arrival, id] = parts.length === 2 ? [parts[0], undefined, parts[1]] : parts;
  if (parts.length > 3 || !occurredAt || !id || !INSTANT.test(occurredAt) || !UUID.test(id) || (arrival !== undefined && !/^\d{1,18}$/.test(arrival))) {
    throw new ValidationFailedError('Malformed cursor: pass back the nextCursor of a previous page.', [{ pointer: '/query/cursor', detail: 'malformed' }], 'invalid_cursor');
  }
  return arrival === undefined ? { occurredAt, id } : { occurredAt, arrival, id };
}
