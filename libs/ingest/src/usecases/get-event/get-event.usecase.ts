import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@questline/contracts';
import { INGESTED_EVENT_REPOSITORY, type IngestedEventRepository, type StoredEvent } from '../../domain/ingested-event.repository';

@Injectable()
export class GetEventUseCase {
  constructor(@Inject(INGESTED_EVENT_REPOSITORY) private readonly events: IngestedEventRepository) {}

  async execute(tenantId: string, id: string): Promise<StoredEvent> {
    const found = await this.events.findById(tenantId, id);
    if (!found) throw new NotFoundError('event_not_found', `No event ${id} for this tenant.`);
    return found;
  }
}
