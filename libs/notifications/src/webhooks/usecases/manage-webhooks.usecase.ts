import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_KINDS, NotFoundError, ValidationFailedError } from '@questline/contracts';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { APP_CONFIG, decodeCursor, encodeCursor, type AppConfig, type Principal } from '@questline/platform';
import { isIP } from 'node:net';
import { isPublicAddress } from '../infrastructure/http-webhook.sender';
import { newSecret, WEBHOOK_REPOSITORY, type DeliveryStatus, type WebhookEndpoint, type WebhookRepository } from '../domain/webhook';

/** What an endpoint looks like through the API: its secrets' ids and expiry, never the secrets (shown once, on creation and rotation). */
export const endpointView = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  kinds: e.kinds,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  failingSince: e.failingSince,
  secrets: e.secrets.map((s) => ({ id: s.id, createdAt: s.createdAt, expiresAt: s.expiresAt })),
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

/**
 * The kinds an endpoint may ask for: every notification kind, `*` for all, and three tenant-level
 * ones: a leaderboard period locked (final standings), a dead letter, an endpoint disabled.
 */
export const WEBHOOK_KINDS = ['*', ...NOTIFICATION_KINDS, 'leaderboard.period.locked', 'dead_letter.created', 'webhook.endpoint.disabled'] as const;

/** What an endpoint's `kinds` may hold: a kind, `*`, or a family of kinds (`streak.*`, `leaderboard.rank.*`), as notification preferences take them. */
export const WEBHOOK_KIND_CHOICES: string[] = [
  ...WEBHOOK_KINDS,
  ...new Set(WEBHOOK_KINDS.filter((k) => k !== '*').flatMap((k) => k.split('.').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('.')}.*`))),
];

@Injectable()
export class ManageWebhooksUseCase {
  constructor(
    @Inject(WEBHOOK_REPOSITORY) private readonly webhooks: WebhookRepository,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(tenantId: string, who: Principal, input: { url: string; kinds: string[]; description?: string }) {
    this.checkUrl(input.url);
    const secret = newSecret();
    const created = await this.webhooks.create({ id: `wh_${randomBytes(8).toString('hex')}`, tenantId, url: input.url, description: input.description ?? '', kinds: input.kinds, secrets: [secret], enabled: true });
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'webhook.endpoint.created', target: created.id, detail: { url: created.url, kinds: created.kinds } }]);
    return { ...endpointView(created), secret: secret.secret };
  }

  async list(tenantId: string) {
    return { items: (await this.webhooks.list(tenantId)).map(endpointView) };
  }

  async get(tenantId: string, id: string) {
    return endpointView(await this.must(tenantId, id));
  }

  /** Changes the URL, kinds or description; `enabled: true` re-enables a disabled endpoint (its failure clock restarts). */
  async update(tenantId: string, who: Principal, id: string, patch: { url?: string; kinds?: string[]; description?: string; enabled?: boolean }) {
    if (patch.url) this.checkUrl(patch.url);
    const updated = await this.webhooks.update(tenantId, id, { ...patch, ...(patch.enabled === false ? { disabledReason: 'disabled by an admin' } : {}) });
    if (!updated) throw this.notFound(id);
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'webhook.endpoint.updated', target: id, detail: patch }]);
    return endpointView(updated);
  }

  async remove(tenantId: string, who: Principal, id: string) {
    if (!(await this.webhooks.remove(tenantId, id))) throw this.notFound(id);
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'webhook.endpoint.deleted', target: id, detail: {} }]);
    return { id, deleted: true };
  }

  /**
   * A new signing secret; the previous ones keep signing beside it for `overlapSeconds` (default a
   * day), so receivers switch without a gap. Secrets already expired are dropped.
   */
  async rotateSecret(tenantId: string, who: Principal, id: string, overlapSeconds = 86_400) {
    const current = await this.must(tenantId, id);
    const now = Date.now();
    const expiresAt = new Date(now + overlapSeconds * 1000).toISOString();
    const kept = current.secrets
      .filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > now)
      .map((s) => ({ ...s, expiresAt: s.expiresAt !== null && Date.parse(s.expiresAt) < Date.parse(expiresAt) ? s.expiresAt : expiresAt }));
    const secret = newSecret();
    const updated = await this.webhooks.update(tenantId, id, { secrets: [secret, ...kept].slice(0, 5) });
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'webhook.secret.rotated', target: id, detail: { secretId: secret.id, previousExpireAt: expiresAt } }]);
    return { ...endpointView(updated!), secret: secret.secret };
  }

  async deliveries(tenantId: string, id: string, q: { status?: DeliveryStatus; cursor?: string; limit: number }) {
    await this.must(tenantId, id);
    const rows = await this.webhooks.deliveries(tenantId, id, { status: q.status, beforeId: decodeCursor('d', q.cursor), limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    return { endpointId: id, items: page, nextCursor: rows.length > q.limit ? encodeCursor('d', page[page.length - 1]!.id) : null };
  }

  async delivery(tenantId: string, id: string, deliveryId: string) {
    const found = await this.webhooks.delivery(tenantId, id, this.deliveryId(deliveryId));
    if (!found) throw new NotFoundError('delivery_not_found', `No delivery "${deliveryId}" on webhook endpoint "${id}".`);
    return found;
  }

  /** Sends a delivery again now (whatever its state); the same `webhook-id`, so a receiver that already has it can tell. */
  async redeliver(tenantId: string, who: Principal, id: string, deliveryId: string) {
    const found = await this.webhooks.redeliver(tenantId, id, this.deliveryId(deliveryId));
    if (!found) throw new NotFoundError('delivery_not_found', `No delivery "${deliveryId}" on webhook endpoint "${id}".`);
    await this.audit.record([{ tenantId, actor: who.keyId, action: 'webhook.delivery.redelivered', target: `${id}/${deliveryId}`, detail: { messageId: found.messageId } }]);
    return found;
  }

  private deliveryId(raw: string): bigint {
    if (!/^\d{1,18}$/.test(raw)) throw new ValidationFailedError('Malformed delivery id.', [{ pointer: '/path/deliveryId', detail: 'a delivery id from the log' }], 'validation_failed');
    return BigInt(raw);
  }

  private async must(tenantId: string, id: string): Promise<WebhookEndpoint> {
    const found = await this.webhooks.get(tenantId, id);
    if (!found) throw this.notFound(id);
    return found;
  }

  private notFound(id: string) {
    return new NotFoundError('webhook_not_found', `No webhook endpoint "${id}" for this tenant.`);
  }

  /** https (or http), no credentials in the URL, and (unless private networks are allowed) no non-public IP literal; names are checked again at every delivery. */
  private checkUrl(raw: string): void {
    const bad = (detail: string) => new ValidationFailedError('The webhook URL is not acceptable.', [{ pointer: '/url', detail }], 'invalid_webhook_url');
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw bad('not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad('must be http or https');
    if (url.username || url.password) throw bad('must not carry credentials; verify the signature instead');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && !isPublicAddress(host)))) {
      throw bad('points at a loopback or private address (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows it)');
    }
  }
}
