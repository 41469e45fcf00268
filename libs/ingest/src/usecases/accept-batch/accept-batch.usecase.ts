import { Injectable } from '@nestjs/common';
import { ValidationFailedError, type DomainError } from '@questline/contracts';
import { CLOUDEVENTS_STRUCTURED } from '../../cloudevents/cloudevents-binary';
import { AcceptEventUseCase, type IncomingEvent } from '../accept-event/accept-event.usecase';
import type { AcceptBatchCommand } from './accept-batch.command';

export const MAX_BATCH_EVENTS = 1000;
const CLOUDEVENTS_BATCH = 'application/cloudevents-batch+json';

export type BatchItemResult = { index: number; id: string; status: string; duplicate: boolean } | { index: number; error: DomainError };

export interface BatchResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Where the items are in the body (`/events`, or '' for a CloudEvents batch array): item errors point below it. */
  pointer: string;
  results: BatchItemResult[];
}

/**
 * Up to 1,000 events: `{ "events": [...] }`, or a CloudEvents batch. Each item is accepted or
 * refused on its own (a bad item never fails the others); one result per item, in order.
 */
@Injectable()
export class AcceptBatchUseCase {
  constructor(private readonly acceptEvent: AcceptEventUseCase) {}

  async execute({ tenantId, body, contentType }: AcceptBatchCommand): Promise<BatchResult> {
    const ceBatch = contentType.toLowerCase().startsWith(CLOUDEVENTS_BATCH);
    const events = ceBatch ? body : (body as { events?: unknown } | null)?.events;
    const pointer = ceBatch ? '' : '/events';
    if (!Array.isArray(events)) {
      throw new ValidationFailedError('A batch is { "events": [ ... ] } (or a CloudEvents batch array).', [{ pointer: pointer || '/', detail: 'must be an array of events' }], 'invalid_batch');
    }
    if (events.length === 0 || events.length > MAX_BATCH_EVENTS) {
      throw new ValidationFailedError(`A batch holds 1 to ${MAX_BATCH_EVENTS} events; this one has ${events.length}.`, [{ pointer: pointer || '/', detail: `must hold 1 to ${MAX_BATCH_EVENTS} events` }], 'batch_size_out_of_range');
    }
    const items: IncomingEvent[] = events.map((event) => ({ event, contentType: ceBatch ? CLOUDEVENTS_STRUCTURED : 'application/json' }));
    const outcomes = await this.acceptEvent.acceptMany(tenantId, items, 'http');
    let accepted = 0;
    let duplicates = 0;
    const results = outcomes.map((o, index): BatchItemResult => {
      if (!o.ok) return { index, error: o.error };
      if (o.duplicate) duplicates++;
      else accepted++;
      return { index, id: o.id, status: o.status, duplicate: o.duplicate };
    });
    return { accepted, duplicates, rejected: outcomes.length - accepted - duplicates, pointer, results };
  }
}
