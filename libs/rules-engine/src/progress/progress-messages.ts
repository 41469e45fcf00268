import { eventHeaders, type ProgressOutcome, type ProgressUpdatedMessage, type Topics, userPartitionKey } from '@questline/contracts';
import type { OutgoingMessage } from '@questline/messaging';

/** `questline.progress.updated.v1` messages for outcomes of one event (with its time: `occurredAt`), or of the streak job / a repair (no event). */
export function progressMessages(
  tenantId: string,
  packVersion: number,
  outcomes: ProgressOutcome[],
  sourceEventId: string | null,
  at = new Date().toISOString(),
  occurredAt?: string,
): OutgoingMessage<typeof Topics.ProgressUpdated>[] {
  return outcomes.map((o) => {
    const value: ProgressUpdatedMessage = { ...o, tenantId, packVersion, sourceEventId, at, ...(occurredAt ? { occurredAt } : {}) };
    return { key: userPartitionKey(tenantId, o.userId), value, ...(sourceEventId ? { headers: eventHeaders(tenantId, sourceEventId) } : {}) };
  });
}
