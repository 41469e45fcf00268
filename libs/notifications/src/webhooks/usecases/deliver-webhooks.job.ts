import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { APP_CONFIG, LOGGER, Scheduled, type AppConfig, type Logger } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { signedHeaders, WEBHOOK_REPOSITORY, WEBHOOK_SENDER, type AttemptResult, type ClaimedDelivery, type WebhookRepository, type WebhookSender } from '../domain/webhook';

/** A claimed delivery is someone else's to retry once its lease has passed without an answer recorded. */
const LEASE_MARGIN_MS = 30_000;
/** Deliveries claimed per worker in one pass: their attempts are recorded together. */
const PER_WORKER = 8;

/**
 * Delivers due webhooks: every WEBHOOK_POLL_INTERVAL_MS each instance claims what is due (never the
 * same delivery as another instance), posts them WEBHOOK_CONCURRENCY at a time, signed per
 * Standard Webhooks, and records each attempt. A failure is retried after the next delay of
 * WEBHOOK_RETRY_SCHEDULE_MS, and after the last the delivery is failed. An endpoint that has
 * failed every attempt for WEBHOOK_DISABLE_AFTER_MS is disabled, audited, and announced to the
 * tenant's other endpoints as `webhook.endpoint.disabled`.
 */
@Injectable()
export class DeliverWebhooksJob extends Scheduled {
  constructor(
    @Inject(WEBHOOK_REPOSITORY) private readonly webhooks: WebhookRepository,
    @Inject(WEBHOOK_SENDER) private readonly sender: WebhookSender,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    super();
    this.schedule('webhook delivery', config.WEBHOOK_POLL_INTERVAL_MS, () => this.runOnce(), log);
  }

  /**
   * One pass: claims and delivers until nothing is due; returns how many attempts it made. Two
   * lanes of WEBHOOK_CONCURRENCY / 2 workers each claim, post and record in turn, so one lane posts
   * while the other waits on Postgres (in-flight posts stay near WEBHOOK_CONCURRENCY).
   */
  async runOnce(): Promise<number> {
    const lanes = this.config.WEBHOOK_CONCURRENCY > 1 ? 2 : 1;
    const workers = Math.max(1, Math.floor(this.config.WEBHOOK_CONCURRENCY / lanes));
    const counts = await Promise.all(Array.from({ length: lanes }, () => this.lane(workers)));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async lane(workers: number): Promise<number> {
    let total = 0;
    for (;;) {
      // The lease outlasts the worst pass: each worker's share timing out one after another.
      const batch = await this.webhooks.claimDue(this.packs.tenants(), workers * PER_WORKER, this.config.WEBHOOK_TIMEOUT_MS * PER_WORKER + LEASE_MARGIN_MS);
      if (batch.length === 0) return total;
      let next = 0;
      const done: { delivery: ClaimedDelivery; result: AttemptResult; retryAt: Date | null }[] = [];
      const worker = async () => {
        while (next < batch.length) done.push(await this.attempt(batch[next++]!));
      };
      await Promise.all(Array.from({ length: Math.min(workers, batch.length) }, worker));
      await this.record(done);
      total += batch.length;
    }
  }

  private async record(done: { delivery: ClaimedDelivery; result: AttemptResult; retryAt: Date | null }[]): Promise<void> {
    await this.webhooks.recordAttempts(done);
    for (const endpointId of new Set(done.filter((d) => !d.result.ok).map((d) => d.delivery.endpointId))) await this.maybeDisable(endpointId);
  }

  private async attempt(d: ClaimedDelivery): Promise<{ delivery: ClaimedDelivery; result: AttemptResult; retryAt: Date | null }> {
    const body = JSON.stringify(d.payload);
    const result = await this.sender.post(d.url, body, signedHeaders(d.messageId, body, d.secrets));
    const delay = this.config.WEBHOOK_RETRY_SCHEDULE_MS[d.attempts - 1];
    const retryAt = result.ok || delay === undefined ? null : new Date(Date.now() + delay);
    if (!result.ok) this.log.debug({ endpoint: d.endpointId, messageId: d.messageId, attempt: d.attempts, status: result.statusCode, response: result.response }, 'webhook attempt failed');
    return { delivery: d, result, retryAt };
  }

  private async maybeDisable(endpointId: string): Promise<void> {
    const failingBefore = new Date(Date.now() - this.config.WEBHOOK_DISABLE_AFTER_MS);
    const reason = `every delivery failed for ${Math.round(this.config.WEBHOOK_DISABLE_AFTER_MS / 1000)} s`;
    const disabled = await this.webhooks.disableIfFailingSince(endpointId, failingBefore, reason);
    if (!disabled) return;
    this.log.warn({ tenantId: disabled.tenantId, endpoint: disabled.id, url: disabled.url, failingSince: disabled.failingSince }, 'webhook endpoint disabled after persistent failure');
    await this.audit.record([{ tenantId: disabled.tenantId, actor: 'system', action: 'webhook.endpoint.disabled', target: disabled.id, detail: { url: disabled.url, reason, failingSince: disabled.failingSince } }]);
    // The tenant's other endpoints that listen for it hear of it (an admin's alerting hook).
    const at = new Date().toISOString();
    await this.webhooks.enqueue(disabled.tenantId, [
      {
        messageId: `msg_endpoint_disabled_${disabled.id}_${Date.parse(at)}`,
        kind: 'webhook.endpoint.disabled',
        payload: { type: 'webhook.endpoint.disabled', timestamp: at, data: { endpointId: disabled.id, url: disabled.url, reason, failingSince: disabled.failingSince } },
      },
    ]);
  }
}
