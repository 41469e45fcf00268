import { Inject, Injectable } from '@nestjs/common';
import { enqueueWebhookDeliveries, PG_POOL, withTransaction, type SqlPool } from '@questline/persistence';
import type { AttemptResult, ClaimedDelivery, DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookRepository, WebhookSecret } from '../domain/webhook';

interface EndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  description: string;
  kinds: string[];
  secrets: WebhookSecret[];
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  message_id: string;
  kind: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  delivered_at: Date | null;
}

interface AttemptRow {
  attempt: number;
  at: Date;
  status_code: number | null;
  latency_ms: number;
  response: string;
}

const endpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  tenantId: r.tenant_id,
  url: r.url,
  description: r.description,
  kinds: r.kinds,
  secrets: r.secrets,
  enabled: r.enabled,
  disabledReason: r.disabled_reason,
  failingSince: r.failing_since?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const delivery = (r: DeliveryRow): WebhookDelivery => ({
  id: String(r.id),
  endpointId: r.endpoint_id,
  messageId: r.message_id,
  kind: r.kind,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
  createdAt: r.created_at.toISOString(),
  deliveredAt: r.delivered_at?.toISOString() ?? null,
});

const attempt = (r: AttemptRow): WebhookAttempt => ({ attempt: r.attempt, at: r.at.toISOString(), statusCode: r.status_code, latencyMs: r.latency_ms, response: r.response });

@Injectable()
export class PgWebhookRepository implements WebhookRepository {
  constructor(@Inject(PG_POOL) private readonly pool: SqlPool) {}

  async create(e: Omit<WebhookEndpoint, 'createdAt' | 'updatedAt' | 'failingSince' | 'disabledReason'>): Promise<WebhookEndpoint> {
    const { rows } = await this.pool.query<EndpointRow>(
      `INSERT INTO webhook_endpoint (id, tenant_id, url, description, kinds, secrets, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [e.id, e.tenantId, e.url, e.description, e.kinds, JSON.stringify(e.secrets), e.enabled],
    );
    return endpoint(rows[0]!);
  }

  async get(tenantId: string, id: string): Promise<WebhookEndpoint | null> {
    const { rows } = await this.pool.query<EndpointRow>(`SELECT * FROM webhook_endpoint WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return rows[0] ? endpoint(rows[0]) : null;
  }

  async list(tenantId: string): Promise<WebhookEndpoint[]> {
    const { rows } = await this.pool.query<EndpointRow>(`SELECT * FROM webhook_endpoint WHERE tenant_id = $1 ORDER BY created_at, id`, [tenantId]);
    return rows.map(endpoint);
  }

  async update(tenantId: string, id: string, patch: Partial<Pick<WebhookEndpoint, 'url' | 'description' | 'kinds' | 'secrets' | 'enabled' | 'disabledReason'>>): Promise<WebhookEndpoint | null> {
    const { rows } = await this.pool.query<EndpointRow>(
      `UPDATE webhook_endpoint SET
         url = coalesce($3, url), description = coalesce($4, description), kinds = coalesce($5, kinds), secrets = coalesce($6::jsonb, secrets),
         enabled = coalesce($7, enabled),
         disabled_reason = CASE WHEN $7 IS TRUE THEN NULL WHEN $8::text IS NOT NULL THEN $8 ELSE disabled_reason END,
         failing_since = CASE WHEN $7 IS TRUE THEN NULL ELSE failing_since END,
         updated_at = now()
       WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, id, patch.url ?? null, patch.description ?? null, patch.kinds ?? null, patch.secrets ? JSON.stringify(patch.secrets) : null, patch.enabled ?? null, patch.disabledReason ?? null],
    );
    return rows[0] ? endpoint(rows[0]) : null;
  }

  async remove(tenantId: string, id: string): Promise<boolean> {
    return withTransaction(this.pool, async (tx) => {
      const { rowCount } = await tx.query(`DELETE FROM webhook_endpoint WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
      // Pending deliveries go with it; the log of past ones too.
      await tx.query(`DELETE FROM webhook_attempt WHERE delivery_id IN (SELECT id FROM webhook_delivery WHERE endpoint_id = $1)`, [id]);
      await tx.query(`DELETE FROM webhook_delivery WHERE endpoint_id = $1`, [id]);
      return (rowCount ?? 0) > 0;
    });
  }

  async claimDue(tenants: string[], limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    if (tenants.length === 0) return [];
    // Claiming moves next_attempt_at past the lease: an instance that dies mid-attempt leaves the
    // delivery to be taken again once the lease is over (at least once).
    const { rows } = await this.pool.query<DeliveryRow & { tenant_id: string; url: string; secrets: WebhookSecret[]; failing_since: Date | null }>(
      `WITH due AS (
         SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id AND e.enabled
          WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND d.tenant_id = ANY($3::text[])
          ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_delivery d SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000), attempts = d.attempts + 1
         FROM due, webhook_endpoint e WHERE d.id = due.id AND e.id = d.endpoint_id
       RETURNING d.*, e.url, e.secrets, e.failing_since`,
      [limit, leaseMs, tenants],
    );
    return rows.map((r) => ({
      id: String(r.id),
      tenantId: r.tenant_id,
      endpointId: r.endpoint_id,
      messageId: r.message_id,
      payload: r.payload,
      attempts: r.attempts,
      url: r.url,
      secrets: r.secrets,
      failingSince: r.failing_since?.toISOString() ?? null,
    }));
  }

  async recordAttempts(attempts: { delivery: ClaimedDelivery; result: AttemptResult; retryAt: Date | null }[]): Promise<void> {
    if (attempts.length === 0) return;
    const healthy = [...new Set(attempts.filter((a) => a.result.ok).map((a) => a.delivery.endpointId))];
    const failing = [...new Set(attempts.filter((a) => !a.result.ok).map((a) => a.delivery.endpointId))].filter((e) => !healthy.includes(e));
    await withTransaction(this.pool, async (tx) => {
      await tx.query(`INSERT INTO webhook_attempt (delivery_id, attempt, status_code, latency_ms, response) SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::text[])`, [
        attempts.map((a) => a.delivery.id),
        attempts.map((a) => a.delivery.attempts),
        attempts.map((a) => a.result.statusCode),
        attempts.map((a) => a.result.latencyMs),
        attempts.map((a) => a.result.response),
      ]);
      await tx.query(
        `UPDATE webhook_delivery d SET
           status = CASE WHEN x.ok THEN 'succeeded' WHEN x.retry IS NULL THEN 'failed' ELSE d.status END,
           delivered_at = CASE WHEN x.ok THEN now() ELSE d.delivered_at END,
           next_attempt_at = CASE WHEN x.ok OR x.retry IS NULL THEN d.next_attempt_at ELSE x.retry END
         FROM unnest($1::bigint[], $2::boolean[], $3::timestamptz[]) AS x(id, ok, retry)
         WHERE d.id = x.id AND d.status = 'pending'`,
        [attempts.map((a) => a.delivery.id), attempts.map((a) => a.result.ok), attempts.map((a) => a.retryAt)],
      );
      if (healthy.length) await tx.query(`UPDATE webhook_endpoint SET failing_since = NULL WHERE id = ANY($1::text[]) AND failing_since IS NOT NULL`, [healthy]);
      if (failing.length) await tx.query(`UPDATE webhook_endpoint SET failing_since = now() WHERE id = ANY($1::text[]) AND failing_since IS NULL`, [failing]);
    });
  }

  async disableIfFailingSince(endpointId: string, failingBefore: Date, reason: string): Promise<WebhookEndpoint | null> {
    const { rows } = await this.pool.query<EndpointRow>(
      `UPDATE webhook_endpoint SET enabled = false, disabled_reason = $3, updated_at = now() WHERE id = $1 AND enabled AND failing_since IS NOT NULL AND failing_since <= $2 RETURNING *`,
      [endpointId, failingBefore, reason],
    );
    return rows[0] ? endpoint(rows[0]) : null;
  }

  async deliveries(tenantId: string, endpointId: string, q: { status?: DeliveryStatus; beforeId?: bigint; limit: number }) {
    const { rows } = await this.pool.query<DeliveryRow & { a_attempt: number | null; a_at: Date | null; a_status_code: number | null; a_latency_ms: number | null; a_response: string | null }>(
      `SELECT d.*, a.attempt AS a_attempt, a.at AS a_at, a.status_code AS a_status_code, a.latency_ms AS a_latency_ms, a.response AS a_response
         FROM webhook_delivery d
         LEFT JOIN LATERAL (SELECT * FROM webhook_attempt WHERE delivery_id = d.id ORDER BY attempt DESC, id DESC LIMIT 1) a ON true
        WHERE d.tenant_id = $1 AND d.endpoint_id = $2 AND ($3::text IS NULL OR d.status = $3) AND ($4::bigint IS NULL OR d.id < $4)
        ORDER BY d.id DESC LIMIT $5`,
      [tenantId, endpointId, q.status ?? null, q.beforeId ?? null, q.limit],
    );
    return rows.map((r) => ({
      ...delivery(r),
      lastAttempt: r.a_attempt === null ? null : attempt({ attempt: r.a_attempt, at: r.a_at!, status_code: r.a_status_code, latency_ms: r.a_latency_ms!, response: r.a_response! }),
    }));
  }

  async delivery(tenantId: string, endpointId: string, id: bigint) {
    const { rows } = await this.pool.query<DeliveryRow>(`SELECT * FROM webhook_delivery WHERE tenant_id = $1 AND endpoint_id = $2 AND id = $3`, [tenantId, endpointId, id]);
    if (!rows[0]) return null;
    const attempts = await this.pool.query<AttemptRow>(`SELECT * FROM webhook_attempt WHERE delivery_id = $1 ORDER BY attempt, id`, [id]);
    return { ...delivery(rows[0]), attemptLog: attempts.rows.map(attempt) };
  }

  async redeliver(tenantId: string, endpointId: string, id: bigint): Promise<WebhookDelivery | null> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `UPDATE webhook_delivery SET status = 'pending', next_attempt_at = now(), delivered_at = NULL WHERE tenant_id = $1 AND endpoint_id = $2 AND id = $3 RETURNING *`,
      [tenantId, endpointId, id],
    );
    return rows[0] ? delivery(rows[0]) : null;
  }

  enqueue(tenantId: string, messages: { messageId: string; kind: string; payload: Record<string, unknown> }[]): Promise<number> {
    return enqueueWebhookDeliveries(this.pool, messages.map((m) => ({ tenantId, ...m })));
  }
}
