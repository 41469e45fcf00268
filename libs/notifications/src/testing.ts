// Test seam: the webhook delivery pieces with their real adapters, for benchmarks and tests only
// (the boundary lint forbids it elsewhere).
export { DeliverWebhooksJob } from './webhooks/usecases/deliver-webhooks.job';
export { PgWebhookRepository } from './webhooks/infrastructure/pg-webhook.repository';
export { enqueueWebhookDeliveries } from '@questline/persistence';
export { HttpWebhookSender } from './webhooks/infrastructure/http-webhook.sender';
export { newSecret, signedHeaders } from './webhooks/domain/webhook';
export { compileOutbound, matchingEvents, outboundId, renderOutbound, type CompiledOutbound } from './outbound/domain/outbound-mapping';
export { toOutcome } from './outbound/domain/outcomes';
