export const CONSENT_REPOSITORY = Symbol('CONSENT_REPOSITORY');

/** An event that is not linked to its user: counted, per tenant, type, day and reason. */
export interface UnlinkedEvent {
  tenantId: string;
  id: string;
  type: string;
  occurredAt: string;
  /** `anonymous`, `deleted` (the user was erased on request), or `consent:<name>` (the first missing consent). */
  reason: string;
}

/** Each user's latest consent decisions (seed 004), and the counters of events linked to no one. */
export interface ConsentRepository {
  /** Of these users, the ones deleted on request (tombstoned): nothing may be linked to them again. */
  deleted(tenantId: string, userIds: string[]): Promise<Set<string>>;
  /** Recorded decisions of these users: user → consent → granted. */
  decisions(tenantId: string, userIds: string[]): Promise<Map<string, Map<string, boolean>>>;
  /** Records decisions (the latest wins); returns the user's decisions after. */
  record(tenantId: string, userId: string, decisions: Record<string, boolean>): Promise<Record<string, { granted: boolean; updatedAt: string }>>;
  list(tenantId: string, userId: string): Promise<Record<string, { granted: boolean; updatedAt: string }>>;
  /** Marks newly stored unlinked events processed (never published) and counts them, once each. */
  settleUnlinked(events: UnlinkedEvent[]): Promise<void>;
}
