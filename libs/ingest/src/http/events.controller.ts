import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ValidationFailedError } from '@questline/contracts';
import { RequireScope, TenantId, toProblem } from '@questline/platform';
import type { FastifyRequest } from 'fastify';
import { CLOUDEVENTS_STRUCTURED, fromHttpBinary, isHttpBinaryCloudEvent } from '../cloudevents/cloudevents-binary';
import { AcceptEventUseCase, type IncomingEvent } from '../usecases/accept-event/accept-event.usecase';
import { GetEventUseCase } from '../usecases/get-event/get-event.usecase';

export const MAX_BATCH_EVENTS = 1000;
const CLOUDEVENTS_BATCH = 'application/cloudevents-batch+json';

type HeaderBag = Record<string, string | string[] | undefined>;

@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly acceptEvent: AcceptEventUseCase,
    private readonly getEvent: GetEventUseCase,
  ) {}

  /**
   * One product event in any dialect the tenant's pack accepts (canonical, the seeds' envelopes,
   * CloudEvents structured or binary mode). The body is validated by the dialect's envelope schema
   * and the event registry, not by a DTO: each dialect has its own shape. 202 once it is stored
   * and published; a duplicate (same idempotency key) gets the original event's id and status.
   */
  @Post()
  @HttpCode(202)
  @RequireScope('events:write')
  accept(@TenantId() tenantId: string, @Body() body: unknown, @Headers() headers: HeaderBag) {
    const binary = isHttpBinaryCloudEvent(headers);
    return this.acceptEvent.acceptOne(
      tenantId,
      { event: binary ? fromHttpBinary(headers, body) : body, contentType: binary ? CLOUDEVENTS_STRUCTURED : (headers['content-type'] as string | undefined) },
      'http',
    );
  }

  /**
   * Up to 1,000 events (and 1 MiB): `{ "events": [...] }`, or a CloudEvents batch
   * (application/cloudevents-batch+json, a JSON array). Each item is accepted or refused on its
   * own; the answer lists one result per item, in order.
   */
  @Post('batch')
  @HttpCode(202)
  @RequireScope('events:write')
  async acceptBatch(@TenantId() tenantId: string, @Body() body: unknown, @Headers() headers: HeaderBag, @Req() req: FastifyRequest) {
    const contentType = String(headers['content-type'] ?? '');
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
    const results = outcomes.map((o, index) => {
      if (!o.ok) {
        const problem = toProblem(o.error, `${req.url}#${pointer}/${index}`);
        // Field pointers are relative to the item; make them point into the batch body.
        if (problem.errors) problem.errors = problem.errors.map((e) => ({ ...e, pointer: `${pointer}/${index}${e.pointer}` }));
        return { index, error: problem };
      }
      if (o.duplicate) duplicates++;
      else accepted++;
      return { index, id: o.id, status: o.status, duplicate: o.duplicate };
    });
    return { accepted, duplicates, rejected: outcomes.length - accepted - duplicates, results };
  }

  /** Processing status (queued | processed | failed_retrying | dead_lettered) with its outcomes or its error. */
  @Get(':id')
  @RequireScope('read')
  async get(@TenantId() tenantId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    const { envelope, status, outcomes, error } = await this.getEvent.execute(tenantId, id);
    return { id: envelope.id, status, outcomes: outcomes ?? null, error: error ?? null, event: envelope };
  }
}
