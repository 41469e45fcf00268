/** A product event as received over HTTP in the canonical shape, before validation against the registry. */
export interface AcceptEventCommand {
  tenantId: string;
  type: string;
  schemaVersion?: number;
  userId: string;
  idempotencyKey: string;
  occurredAt: string;
  source?: string;
  correlationId?: string;
  causationId?: string;
  payload: Record<string, unknown>;
  meta?: Record<string, unknown>;
}
