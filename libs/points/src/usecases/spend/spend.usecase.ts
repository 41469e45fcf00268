import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { ConflictError, NotFoundError, ValidationFailedError } from '@questline/contracts';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { APP_CONFIG, type AppConfig } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { LEDGER_REPOSITORY, type BalanceView, type LedgerEntryView, type LedgerRepository, type SpendOutcome } from '../../domain/ledger.repository';
import { announceDebit } from '../../domain/balance-changes';

const SPEND_NAMESPACE = '5f0d7c6e-2b4a-4e8f-9a1c-3d2e1f0a9b8c';

export interface SpendResult {
  spendId: string;
  replayed: boolean;
  entry: LedgerEntryView;
  balance: { currency: string; lifetime: number; spendable: number };
}

/**
 * Spending and refunds (rewards, redemptions): once per Idempotency-Key, never below zero, in one
 * transaction with the balance. Outcomes go out as points messages (`kind` spend / refund) after
 * the commit, and again on a replay of the same key, so a client retrying after a crash also
 * repairs a lost announcement (consumers dedup on the ledger key).
 */
@Injectable()
export class SpendUseCase {
  constructor(
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async spend(tenantId: string, userId: string, req: { currency: string; amount: number; reason?: string }, idempotencyKey: string): Promise<SpendResult> {
    const pack = this.packs.get(tenantId);
    if (!pack?.currencies.some((c) => c.id === req.currency)) {
      throw new ValidationFailedError(`Unknown currency "${req.currency}".`, [{ pointer: '/currency', detail: `not a currency of tenant "${tenantId}"` }], 'unknown_currency');
    }
    const spendId = uuidv5(`${tenantId}\n${idempotencyKey}`, SPEND_NAMESPACE);
    const outcome = await this.ledger.spend({ tenantId, userId, currency: req.currency, amount: req.amount, idempotencyKey, spendId, reason: req.reason ?? null });
    return this.settle(tenantId, userId, outcome, spendId);
  }

  async refund(tenantId: string, userId: string, req: { spendId: string; amount?: number }, idempotencyKey: string): Promise<SpendResult> {
    const outcome = await this.ledger.refund({ tenantId, userId, spendId: req.spendId, amount: req.amount ?? null, idempotencyKey });
    return this.settle(tenantId, userId, outcome, req.spendId);
  }

  private async settle(tenantId: string, userId: string, outcome: SpendOutcome, spendId: string): Promise<SpendResult> {
    switch (outcome.status) {
      case 'insufficient':
        throw new ConflictError('insufficient_balance', `Spendable balance ${outcome.balance?.spendable ?? 0} is less than ${outcome.requested}; nothing was written.`);
      case 'key_reused':
        throw new ValidationFailedError('This Idempotency-Key was used for a different request.', [{ pointer: '/', detail: `key already recorded ledger entry ${outcome.entry.id}` }], 'idempotency_key_reused');
      case 'unknown_spend':
        throw new NotFoundError('unknown_spend', `No spend ${spendId} for user "${userId}".`);
      case 'over_refund':
        throw new ConflictError('refund_exceeds_spend', `At most ${outcome.refundable} of this spend can still be refunded; nothing was written.`);
      case 'written':
      case 'replayed':
        await this.announce(tenantId, userId, outcome.entry, outcome.balance);
        return { spendId, replayed: outcome.status === 'replayed', entry: outcome.entry, balance: { currency: outcome.balance.currency, lifetime: outcome.balance.lifetime, spendable: outcome.balance.spendable } };
    }
  }

  private announce(tenantId: string, userId: string, entry: LedgerEntryView, balance: BalanceView): Promise<void> {
    return announceDebit(this.bus, this.config.PUBLISH_LEGACY_DEBITS, tenantId, userId, entry, balance);
  }
}
