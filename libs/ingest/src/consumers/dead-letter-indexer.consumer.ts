import { Inject, Injectable } from '@nestjs/common';
import { ALL_TOPICS, ConsumerGroups, dlqTopic } from '@questline/contracts';
import { BusConsumer, MESSAGE_BUS, type MessageBus, type Subscription } from '@questline/messaging';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { inboundTopics, inboundTopicsKey } from './inbound-events.consumer';
import { DeadLetters } from '../usecases/dead-letters/dead-letters';
import { IndexDeadLettersUseCase } from '../usecases/index-dead-letters/index-dead-letters.usecase';
import { CopyDeadLettersUseCase } from '../usecases/copy-dead-letters/copy-dead-letters.usecase';

/** Indexes every platform DLQ topic into Postgres. No retry ladder of its own: it retries in place. */
@Injectable()
export class DeadLetterIndexer extends BusConsumer {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    private readonly deadLetters: DeadLetters,
    private readonly indexing: IndexDeadLettersUseCase,
    private readonly copies: CopyDeadLettersUseCase,
  ) {
    super();
  }

  /** Follows the inbound topics: a tenant's new topic gets its dead letters indexed too. */
  protected override topicsKey(): string {
    return inboundTopicsKey(this.packs);
  }

  protected async subscribe(): Promise<Subscription> {
    const owners = inboundTopics(this.packs);
    const topics = [...ALL_TOPICS, ...owners.keys()].map(dlqTopic);
    await this.deadLetters.refreshGauge();
    return this.bus.subscribeRaw({
      groupId: ConsumerGroups.DeadLetters,
      topics,
      retry: false,
      handler: async (batch) => {
        const tenantOfTopic = (topic: string) => owners.get(topic) ?? null;
        await this.indexing.execute({ batch, tenantOfTopic });
        // After the index: a tenant's own copy (pack ingest.deadLetterTopic) in seed 002's shape.
        await this.copies.execute({ batch, tenantOfTopic });
      },
    });
  }
}
