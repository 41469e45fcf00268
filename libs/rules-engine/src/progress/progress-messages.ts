import { eventHeaders, type ProgressOutcome, type ProgressUpdatedMessage, type Scopes, type Topics, userPartitionKey } from '@questline/contracts';
import type { OutgoingMessage } from '@questline/messaging';

/** `questline.progress.updated.v1` messages for outcomes of one event (with its time: `occurredAt`, and its dimension values: `scopes`), or of the streak job / a repair (no event). */
export function progressMessages(
  tenantId: string,
  packVersion: number,
  outcomes: ProgressOutcome[],
  sourceEventId: string | null,
  at = new Date().toISOString(),
  occurredAt?: string,
  scopes?: Scopes,
): OutgoingMessage<typeof Topics.ProgressUpdated>[] {
  return outcomes.map((o) => {
    const value: ProgressUpdatedMessage = { ...o, tenantId, packVersion, sourceEventId, at, ...(occurredAt ? { occurredAt } : {}), ...(scopes && Object.keys(scopes).length > 0 ? { scopes } : {}) };
    return { key: userPartitionKey(tenantId, o.userId), value, ...(sourceEventId ? { headers: eventHeaders(tenantId, sourceEventId) } : {}) };
  });
}
