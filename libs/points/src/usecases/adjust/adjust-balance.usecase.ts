import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { BOARD_UPDATES, ConflictError, eventHeaders, Topics, userPartitionKey, ValidationFailedError, type BoardUpdates } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { LEDGER_REPOSITORY, type AdjustmentView, type LedgerEntryView, type LedgerRepository } from '../../domain/ledger.repository';
import { pointsMessage } from '../../domain/points-message';

const ADJUSTMENT_NAMESPACE = '8d3f1c2a-6b5e-4f70-9a8b-1c2d3e4f5a6b';

export interface AdjustBalanceCommand {
  tenantId: string;
  userId: string;
  currency: string;
  /** Positive: credit; negative: debit. */
  amount: number;
  reason: string;
  note: string | null;
  idempotencyKey: string;
  /** The API key that asks (`root` or a key id). */
  actor: string;
}

export interface AdjustmentResult {
  adjustmentId: string;
  /** True when this Idempotency-Key was used before: the first result, nothing written. */
  replayed: boolean;
  entry: LedgerEntryView;
  adjustment: AdjustmentView;
  balance: { currency: string; lifetime: number; spendable: number; net: number };
}

/**
 * Support adjustments (issue 22): an operator credits or debits any currency with a reason, once
 * per Idempotency-Key. The ledger entry (kind `adjust`) explains itself (reason, note, operator);
 * it moves the boards like a rule's award or penalty, and goes out as a points outcome so levels,
 * badges, notifications and outbound contracts follow. A debit past zero is refused unless the
 * currency allows negative balances. Audited; a replay re-announces (consumers dedup on the key).
 */
@Injectable()
export class AdjustBalanceUseCase {
  constructor(
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(BOARD_UPDATES) private readonly boards: BoardUpdates,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async execute(c: AdjustBalanceCommand): Promise<AdjustmentResult> {
    const currency = this.packs.get(c.tenantId)?.currencies.find((x) => x.id === c.currency);
    if (!currency) throw new ValidationFailedError(`Unknown currency "${c.currency}".`, [{ pointer: '/currency', detail: `not a currency of tenant "${c.tenantId}"` }], 'unknown_currency');
    const adjustmentId = uuidv5(`${c.tenantId}\n${c.idempotencyKey}`, ADJUSTMENT_NAMESPACE);
    const outcome = await this.ledger.adjust({
      tenantId: c.tenantId,
      userId: c.userId,
      currency: c.currency,
      amount: c.amount,
      idempotencyKey: c.idempotencyKey,
      adjustmentId,
      reason: c.reason,
      note: c.note,
      actor: c.actor,
      allowNegative: (currency as { allowNegative?: boolean }).allowNegative === true,
    });
    switch (outcome.status) {
      case 'insufficient':
        throw new ConflictError('insufficient_balance', `Spendable balance ${outcome.balance?.spendable ?? 0} is less than the debit of ${outcome.requested}, and "${c.currency}" does not allow negative balances; nothing was written.`);
      case 'key_reused':
        throw new ValidationFailedError('This Idempotency-Key was used for a different request.', [{ pointer: '/', detail: `key already recorded ledger entry ${outcome.entry.id}` }], 'idempotency_key_reused');
      case 'written':
      case 'replayed': {
        const { entry, balance } = outcome;
        // Boards first (each award at most once per ledger key), then the outcome for levels, badges and notifications.
        await this.boards.apply([{ tenantId: c.tenantId, userId: c.userId, currency: c.currency, amount: entry.amount, idempotencyKey: entry.idempotencyKey, occurredAt: entry.occurredAt }]);
        const value = pointsMessage({ ...entry, tenantId: c.tenantId, userId: c.userId }, 'points.adjusted', balance);
        // Tenant and source id as headers, like every award: a consumer's failure on it is then
        // reported to (and its dead letter listed for) this tenant, not only the root key.
        await this.bus.publish(Topics.PointsAwarded, [{ key: userPartitionKey(c.tenantId, c.userId), value, headers: eventHeaders(c.tenantId, entry.sourceEventId) }]);
        if (outcome.status === 'written') {
          await this.audit.record([{ tenantId: c.tenantId, actor: c.actor, action: 'user.adjust', target: c.userId, detail: { adjustmentId, currency: c.currency, amount: c.amount, reason: c.reason, note: c.note, ledgerEntry: entry.id } }]);
        }
        return { adjustmentId, replayed: outcome.status === 'replayed', entry, adjustment: outcome.adjustment, balance: { currency: balance.currency, lifetime: balance.lifetime, spendable: balance.spendable, net: balance.net } };
      }
    }
  }
}
