import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { JSON_ITEMS_CHECKED, RequireScope, TenantId, toProblem } from '@questline/platform';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CLOUDEVENTS_STRUCTURED, fromHttpBinary, isHttpBinaryCloudEvent } from '../cloudevents/cloudevents-binary';
import { AcceptBatchUseCase, MAX_BATCH_EVENTS, type BatchResult } from '../usecases/accept-batch/accept-batch.usecase';
import { AcceptEventUseCase } from '../usecases/accept-event/accept-event.usecase';
import { GetEventUseCase } from '../usecases/get-event/get-event.usecase';
import { ListEventsUseCase } from '../usecases/list-events/list-events.usecase';
import { ListEventsQueryDto } from './events.dto';

/** A batch result as the API answers it: each refused item as problem+json, its pointers into the batch body. */
function presentBatch(r: BatchResult, url: string) {
  const results = r.results.map((item) => {
    if (!('error' in item)) return item;
    const problem = toProblem(item.error, `${url}#${r.pointer}/${item.index}`);
    if (problem.errors) problem.errors = problem.errors.map((e) => ({ ...e, pointer: `${r.pointer}/${item.index}${e.pointer}` }));
    return { index: item.index, error: problem };
  });
  return { accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected, results };
}

type HeaderBag = Record<string, string | string[] | undefined>;

/** A producer's own id (`map.id`, kept as `externalId`) is not the event's: say which one to use. */
const EVENT_ID_PIPE = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('The event id is the UUID returned by POST /v1/events (the id your producer gave the event is kept as its externalId).'),
});

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly acceptEvent: AcceptEventUseCase,
    private readonly getEvent: GetEventUseCase,
    private readonly acceptBatchUseCase: AcceptBatchUseCase,
    private readonly listEvents: ListEventsUseCase,
  ) {}

  /**
   * One product event in any dialect the tenant's pack accepts (canonical, the seeds' envelopes,
   * CloudEvents structured or binary mode). The body is validated by the dialect's envelope schema
   * and the event registry, not by a DTO: each dialect has its own shape. 202 once it is stored
   * and published; a duplicate (same idempotency key) gets the original event's id and status.
   */
  @Post()
  @HttpCode(202)
  @RouteConfig({ [JSON_ITEMS_CHECKED]: true })
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
  @RouteConfig({ [JSON_ITEMS_CHECKED]: true })
  @RequireScope('events:write')
  @ApiOperation({ summary: 'Accept up to 1,000 events (1 MiB); one result per item' })
  @ApiBody({ schema: { type: 'object', required: ['events'], properties: { events: { type: 'array', minItems: 1, maxItems: MAX_BATCH_EVENTS, items: { type: 'object' } } } } })
  @ApiResponse({ status: 202, schema: { example: { accepted: 1, duplicates: 0, rejected: 1, results: [{ index: 0, id: '2b0c…', status: 'queued', duplicate: false }, { index: 1, error: { type: 'https://questline.dev/problems/schema-validation-failed', title: 'Unprocessable Content', status: 422, detail: 'The event does not match knowledge.answer.accepted v1.', instance: '/v1/events/batch#/events/1', code: 'schema_validation_failed', errors: [{ pointer: '/events/1/payload/answer_id', detail: "must have required property 'answer_id'" }] } }] } } })
  async acceptBatch(@TenantId() tenantId: string, @Body() body: unknown, @Headers() headers: HeaderBag, @Req() req: FastifyRequest) {
    return presentBatch(await this.acceptBatchUseCase.execute({ tenantId, body, contentType: String(headers['content-type'] ?? '') }), req.url);
  }

  /**
   * A user's events (`userId`), or the one accepted with an idempotency key (`idempotencyKey`),
   * newest event time first (of the same time, the one accepted last first: a batch's last event
   * first), each with its status and outcomes — what it paid, and why a matching
   * rule paid nothing (`outcomes.skipped`). Narrow by `type`, `status`, `from`/`to` (event time).
   */
  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "A user's events, or the one with an idempotency key, newest first, with status and outcomes (why a rule paid nothing)" })
  list(@TenantId() tenantId: string, @Query() q: ListEventsQueryDto) {
    return this.listEvents.execute({ tenantId, ...q });
  }

  /** Processing status (queued | processed | failed_retrying | dead_lettered) with its outcomes or its error. */
  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'Processing status of an accepted event: queued | processed | failed_retrying | dead_lettered, with outcomes or the error' })
  async get(@TenantId() tenantId: string, @Param('id', EVENT_ID_PIPE) id: string) {
    const { envelope, status, outcomes, error } = await this.getEvent.execute(tenantId, id);
    return { id: envelope.id, status, outcomes: outcomes ?? null, error: error ?? null, event: envelope };
  }
}
