import type { LedgerKind } from '../../domain/ledger.repository';

export interface GetLedgerCommand {
  tenantId: string;
  userId: string;
  limit: number;
  cursor?: string;
  currency?: string;
  kind?: LedgerKind;
  from?: string;
  to?: string;
  eventId?: string;
}
