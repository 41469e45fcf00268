export const EVENT_ARCHIVE = Symbol('EVENT_ARCHIVE');

/** An expired event as it leaves the event store (the stored row, whole). */
export interface ArchivedEvent {
  id: string;
  tenantId: string;
  type: string;
  userId: string;
  occurredAt: string;
  receivedAt: string;
  status: string;
  envelope: unknown;
  outcomes: unknown;
}

/** Where expired events go before they are deleted: compressed JSON lines, with an index (adapters: a directory, an S3-compatible bucket). */
export interface EventArchive {
  /** Writes one file of events and records it in the index; returns where. Durable before it returns. */
  write(tenantId: string, type: string, events: ArchivedEvent[]): Promise<{ file: string; count: number; sha256: string }>;
  /**
   * Erasure: rewrites every archived file of the tenant that names the user (their events under
   * the pseudonym, keys built from the id hashed; others' events lose the mention), each file
   * replaced whole and its index entry's SHA-256 updated. Idempotent.
   */
  erase(tenantId: string, userId: string, pseudonym: string): Promise<{ files: number; events: number }>;
}
