import type { CanonicalEnvelope } from '@questline/contracts';

export const INGESTED_EVENT_REPOSITORY = Symbol('INGESTED_EVENT_REPOSITORY');

export type EventStatus = 'queued' | 'processed' | 'failed_retrying' | 'dead_lettered';

export interface StoredEvent {
  envelope: CanonicalEnvelope;
  status: EventStatus;
}

export interface IngestedEventRepository {
  /** Inserts the event unless (tenant, idempotency key) exists; returns the stored one either way. */
  insertIfAbsent(tenantId: string, envelope: CanonicalEnvelope): Promise<{ stored: StoredEvent; created: boolean }>;
  findById(tenantId: string, id: string): Promise<StoredEvent | null>;
}
