import { createHmac, randomBytes } from 'node:crypto';

export const WEBHOOK_REPOSITORY = Symbol('WEBHOOK_REPOSITORY');
export const WEBHOOK_SENDER = Symbol('WEBHOOK_SENDER');

/** One signing secret of an endpoint (`whsec_` + base64 of 32 random bytes, as Standard Webhooks writes them). */
export interface WebhookSecret {
  id: string;
  secret: string;
  createdAt: string;
  /** Set when a newer secret replaced it: it keeps signing (beside the new one) until then. */
  expiresAt: string | null;
}

export interface WebhookEndpoint {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  /** Notification kinds delivered; `*` for all. */
  kinds: string[];
  secrets: WebhookSecret[];
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  /** The `webhook-id`: the same on every attempt. */
  messageId: string;
  kind: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface WebhookAttempt {
  attempt: number;
  at: string;
  statusCode: number | null;
  latencyMs: number;
  response: string;
}

/** A delivery claimed for one attempt, with what it takes to send it. */
export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  endpointId: string;
  messageId: string;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secrets: WebhookSecret[];
  failingSince: string | null;
}

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** The answer's first 500 characters, or why there was none. */
  response: string;
}

export interface WebhookRepository {
  create(endpoint: Omit<WebhookEndpoint, 'createdAt' | 'updatedAt' | 'failingSince' | 'disabledReason'>): Promise<WebhookEndpoint>;
  get(tenantId: string, id: string): Promise<WebhookEndpoint | null>;
  list(tenantId: string): Promise<WebhookEndpoint[]>;
  update(tenantId: string, id: string, patch: Partial<Pick<WebhookEndpoint, 'url' | 'description' | 'kinds' | 'secrets' | 'enabled' | 'disabledReason'>>): Promise<WebhookEndpoint | null>;
  remove(tenantId: string, id: string): Promise<boolean>;
  /**
   * Up to `limit` due deliveries of enabled endpoints of these tenants (the ones this instance
   * serves), each leased for `leaseMs` to this caller (SKIP LOCKED: instances never take the same one).
   */
  claimDue(tenants: string[], limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * Records attempts, in one transaction: a success ends its delivery; a failure schedules the next
   * attempt at `retryAt`, or fails the delivery (`retryAt` null). An endpoint with a success is
   * healthy again; one with failures only starts (or keeps) its failing clock.
   */
  recordAttempts(attempts: { delivery: ClaimedDelivery; result: AttemptResult; retryAt: Date | null }[]): Promise<void>;
  /** Disables the endpoint when it has failed every attempt since before `failingBefore`; true when this call disabled it. */
  disableIfFailingSince(endpointId: string, failingBefore: Date, reason: string): Promise<WebhookEndpoint | null>;
  deliveries(tenantId: string, endpointId: string, q: { status?: DeliveryStatus; beforeId?: bigint; limit: number }): Promise<(WebhookDelivery & { lastAttempt: WebhookAttempt | null })[]>;
  delivery(tenantId: string, endpointId: string, id: bigint): Promise<(WebhookDelivery & { attemptLog: WebhookAttempt[] }) | null>;
  /** Puts a delivery back to pending, due now (manual redelivery); null when there is no such delivery. */
  redeliver(tenantId: string, endpointId: string, id: bigint): Promise<WebhookDelivery | null>;
  /** Enqueues one message for the tenant's enabled endpoints that want its kind (idempotent per endpoint and message id). */
  enqueue(tenantId: string, messages: { messageId: string; kind: string; payload: Record<string, unknown> }[]): Promise<number>;
}

export interface WebhookSender {
  post(url: string, body: string, headers: Record<string, string>): Promise<AttemptResult>;
}

export const newSecret = (): WebhookSecret => ({
  id: `s_${randomBytes(6).toString('hex')}`,
  secret: `whsec_${randomBytes(32).toString('base64')}`,
  createdAt: new Date().toISOString(),
  expiresAt: null,
});

/** `v1,` + base64 HMAC-SHA256 of `<id>.<timestamp>.<body>` with the secret's bytes (Standard Webhooks, symmetric). */
function sign(secret: string, messageId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * The Standard Webhooks headers of one attempt: `webhook-id` (the message's, stable across
 * retries), `webhook-timestamp` (this attempt's, seconds), and `webhook-signature` with one
 * `v1,<HMAC-SHA256>` per secret still signing (a rotation's overlap: the receiver accepts either).
 * Signed with Node's own crypto (the specification's npm library hashes in JavaScript, several
 * times slower); the tests verify every signature with that library, as receivers do.
 */
export function signedHeaders(messageId: string, body: string, secrets: WebhookSecret[], now = new Date()): Record<string, string> {
  const active = secrets.filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > now.getTime());
  const timestamp = Math.floor(now.getTime() / 1000);
  const signatures = active.map((s) => sign(s.secret, messageId, timestamp, body));
  return {
    'content-type': 'application/json',
    'user-agent': 'Questline-Webhooks/1',
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatures.join(' '),
  };
}
