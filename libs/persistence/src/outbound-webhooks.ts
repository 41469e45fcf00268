// The outbound webhook queue (Standard Webhooks deliveries, sent by the notifications service):
// any context writes to it, in its own transaction when it has one.
import { kindMatches } from '@questline/contracts';
import { jsonArrayParam, jsonAt } from './json-param';
import type { SqlClient, SqlPool } from './prisma-client';

/**
 * A message for the tenant's endpoints: its `webhook-id`, kind (matched against each endpoint's
 * kinds and families, `streak.*`) and body. The body may be given as a function: it is then built
 * only when some endpoint wants the message (most tenants have none, and most kinds go nowhere).
 */
export interface OutboundMessage {
  tenantId: string;
  messageId: string;
  kind: string;
  payload: Record<string, unknown> | (() => Record<string, unknown>);
}

/**
 * Enqueues messages for every enabled endpoint of their tenant that wants their kind, once per
 * endpoint and message id (a redelivered outcome enqueues nothing new). Runs in the caller's
 * transaction: the notification and its webhook deliveries commit together. An endpoint sees only
 * messages created after it was.
 */
export async function enqueueWebhookDeliveries(db: SqlClient | SqlPool, all: OutboundMessage[]): Promise<number> {
  if (all.length === 0) return 0;
  // The enabled endpoints first (one indexed read): a batch no endpoint wants writes nothing and
  // builds no body. The INSERT then takes exactly these endpoints (their ids), so each endpoint
  // gets all of the batch it wants or none of it: one created or enabled between the two
  // statements starts with later messages. The kinds are matched here as the INSERT matches them
  // (kindMatches is its rule; a NULL list or element matches nothing, as in SQL).
  const { rows: endpoints } = await db.query<{ id: string; tenant_id: string; kinds: (string | null)[] | null }>(
    'SELECT id, tenant_id, kinds FROM webhook_endpoint WHERE enabled AND tenant_id = ANY($1::text[])',
    [[...new Set(all.map((m) => m.tenantId))]],
  );
  if (endpoints.length === 0) return 0;
  const kindsOf = new Map<string, string[][]>();
  for (const e of endpoints) kindsOf.set(e.tenant_id, [...(kindsOf.get(e.tenant_id) ?? []), (e.kinds ?? []).filter((k): k is string => k !== null)]);
  const messages = all.filter((m) => kindsOf.get(m.tenantId)?.some((kinds) => kindMatches(kinds, m.kind)));
  if (messages.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO webhook_delivery (tenant_id, endpoint_id, message_id, kind, payload)
       SELECT m.t, e.id, m.id, m.k, ${jsonAt('$4', 'm.n')}
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS m(t, id, k, n)
         JOIN webhook_endpoint e ON e.tenant_id = m.t AND e.enabled AND e.id = ANY($5::text[])
          AND (m.k = ANY(e.kinds) OR '*' = ANY(e.kinds) OR EXISTS (SELECT 1 FROM unnest(e.kinds) f WHERE right(f, 2) = '.*' AND starts_with(m.k, left(f, -1))))
     ON CONFLICT (endpoint_id, message_id) DO NOTHING`,
    [
      messages.map((m) => m.tenantId),
      messages.map((m) => m.messageId),
      messages.map((m) => m.kind),
      jsonArrayParam(messages.map((m) => (typeof m.payload === 'function' ? m.payload() : m.payload))),
      endpoints.map((e) => e.id),
    ],
  );
  return rowCount ?? 0;
}

