import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { TenantId } from '@questline/platform';
import { CLOUDEVENTS_STRUCTURED, fromHttpBinary, isHttpBinaryCloudEvent } from '../cloudevents/cloudevents-binary';
import { AcceptEventUseCase } from '../usecases/accept-event/accept-event.usecase';
import { GetEventUseCase } from '../usecases/get-event/get-event.usecase';

@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly acceptEvent: AcceptEventUseCase,
    private readonly getEvent: GetEventUseCase,
  ) {}

  /**
   * One product event in any dialect the tenant's pack accepts (canonical, the seeds' envelopes,
   * CloudEvents structured or binary mode). The body is validated by the dialect's envelope schema
   * and the event registry, not by a DTO: each dialect has its own shape.
   */
  @Post()
  @HttpCode(202)
  accept(@TenantId() tenantId: string, @Body() body: unknown, @Headers() headers: Record<string, string | string[] | undefined>) {
    const binary = isHttpBinaryCloudEvent(headers);
    return this.acceptEvent.execute({
      tenantId,
      event: binary ? fromHttpBinary(headers, body) : body,
      contentType: binary ? CLOUDEVENTS_STRUCTURED : (headers['content-type'] as string | undefined),
      transport: 'http',
    });
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    const { envelope, status } = await this.getEvent.execute(tenantId, id);
    return { id: envelope.id, status, event: envelope };
  }
}
