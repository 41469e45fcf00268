import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError } from '@questline/contracts';
import { APP_CONFIG, LOGGER, METRICS, type AppConfig, type Logger, type Metrics } from '@questline/platform';
import { DEAD_LETTER_REPOSITORY, type DeadLetter, type DeadLetterFilter, type DeadLetterRepository } from '../../domain/dead-letter.repository';

export const MAX_REPLAY = 1000;

/**
 * What the dead-letter use cases share: the pending gauge (seed 001: warn above 100) and the
 * selection of letters by ids or by filter, within the caller's tenant.
 */
@Injectable()
export class DeadLetters {
  private warned = false;

  constructor(
    @Inject(DEAD_LETTER_REPOSITORY) readonly letters: DeadLetterRepository,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async refreshGauge(): Promise<void> {
    const pending = await this.letters.pendingByTopic();
    this.metrics.deadLettersPending.reset();
    let total = 0;
    for (const p of pending) {
      this.metrics.deadLettersPending.set({ topic: p.topic }, p.count);
      total += p.count;
    }
    // Seed 001: alert when the DLQ holds more than 100 messages.
    if (total > this.config.DLQ_WARN_THRESHOLD && !this.warned) {
      this.logger.warn({ pending: total, threshold: this.config.DLQ_WARN_THRESHOLD, by_topic: pending }, `dead-letter queue above threshold: ${total} pending`);
    }
    this.warned = total > this.config.DLQ_WARN_THRESHOLD;
  }

  async select(tenantId: string | null, ids?: string[], filter?: Omit<DeadLetterFilter, 'tenantId' | 'status'>): Promise<DeadLetter[]> {
    if (ids && ids.length > 0) {
      const found = await this.letters.findByIds(tenantId, ids);
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      if (missing.length > 0) throw new NotFoundError('dead_letter_not_found', `No dead letter(s) ${missing.join(', ')}${tenantId ? ` for tenant "${tenantId}"` : ''}.`);
      return found;
    }
    if (!filter) throw new ValidationFailedError('Name the dead letters: ids, or a filter.', [{ pointer: '', detail: 'ids or filter is required' }], 'replay_selection_required');
    return this.letters.list({ ...filter, tenantId, status: 'pending' }, MAX_REPLAY);
  }
}
