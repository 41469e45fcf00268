import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { TenantId } from '@questline/platform';
import { AcceptEventUseCase } from '../usecases/accept-event/accept-event.usecase';
import { GetEventUseCase } from '../usecases/get-event/get-event.usecase';
import { IngestEventDto } from './ingest-event.dto';

@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly acceptEvent: AcceptEventUseCase,
    private readonly getEvent: GetEventUseCase,
  ) {}

  @Post()
  @HttpCode(202)
  accept(@TenantId() tenantId: string, @Body() body: IngestEventDto) {
    return this.acceptEvent.execute({ tenantId, ...body });
  }

  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', new ParseUUIDPipe()) id: string) {
    const { envelope, status } = await this.getEvent.execute(tenantId, id);
    return { id: envelope.id, status, event: envelope };
  }
}
