import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ValidationFailedError } from '@questline/contracts';
import { RequireScope, TenantId, toProblem } from '@questline/platform';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CLOUDEVENTS_STRUCTURED, fromHttpBinary, isHttpBinaryCloudEvent } from '../cloudevents/cloudevents-binary';
import { AcceptEventUseCase, type IncomingEvent } from '../usecases/accept-event/accept-event.usecase';
import { GetEventUseCase } from '../usecases/get-event/get-event.usecase';

export const MAX_BATCH_EVENTS = 1000;
const CLOUDEVENTS_BATCH = 'application/cloudevents-batch+json';

type HeaderBag = Record<string, string | string[] | undefined>;

@ApiTags('events')
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
  @ApiOperation({ summary: 'Accept one product event (any dialect of the tenant; CloudEvents structured or binary)' })
  @ApiBody({ schema: { type: 'object', example: { type: 'knowledge.answer.accepted', userId: 'bob', idempotencyKey: 'evt-1', occurredAt: '2026-11-23T10:00:00Z', payload: { question_id: 'q-1', answer_id: 'a-1', answer_author_id: 'alice' } } } })
  @ApiResponse({ status: 202, description: 'Stored and published (or a duplicate: the original id and status)', schema: { example: { id: '2b0c…', status: 'queued', duplicate: false } } })
  @ApiResponse({ status: 422, description: 'Refused: problem+json with a code and JSON pointers' })
  @ApiResponse({ status: 401, description: 'No, unknown or revoked API key' })
  @ApiResponse({ status: 403, description: 'Key lacks events:write or names another tenant' })
  @ApiResponse({ status: 429, description: 'Rate limit of the key exceeded (Retry-After)' })
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
  @ApiOperation({ summary: 'Accept up to 1,000 events (1 MiB); one result per item' })
  @ApiBody({ schema: { type: 'object', required: ['events'], properties: { events: { type: 'array', minItems: 1, maxItems: MAX_BATCH_EVENTS, items: { type: 'object' } } } } })
  @ApiResponse({ status: 202, schema: { example: { accepted: 1, duplicates: 0, rejected: 1, results: [{ index: 0, id: '2b0c…', status: 'queued', duplicate: false }, { index: 1, error: { status: 422, code: 'schema_validation_failed', errors: [{ pointer: '/events/1/payload/answer_id', detail: 'must have required property' }] } }] } } })
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
  @ApiOperation({ summary: 'Processing status of an accepted event: queued | processed | failed_retrying | dead_lettered, with outcomes or the error' })
  async get(@TenantId() tenantId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    const { envelope, status, outcomes, error } = await this.getEvent.execute(tenantId, id);
    return { id: envelope.id, status, outcomes: outcomes ?? null, error: error ?? null, event: envelope };
  }
}
