import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { MESSAGE_BUS, type MessageBus } from '@questline/messaging';
import { APP_CONFIG, LOGGER, Scheduled, type AppConfig, type Logger } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { LEDGER_REPOSITORY, type LedgerRepository, type NewLedgerEntry } from '../../domain/ledger.repository';
import { pointsMessage } from '../../domain/points-message';
import { publishBalanceChanges } from '../../domain/balance-changes';

const EXPIRY_NAMESPACE = '0b7e6f1c-3a2d-4c8e-9f5a-6b1d2c3e4f5a';
const DAY = 86_400_000;

/**
 * Expiry policies (`currencies[].expiry.afterDays`): every EXPIRY_SWEEP_INTERVAL_MS, for each
 * tenant and expiring currency, debits what has expired and is still unconsumed (oldest first) as
 * `expire` ledger entries, and announces them (`points.expired`). One entry per user, currency and
 * cutoff day (its idempotency key), so runs that overlap or repeat expire nothing twice.
 */
@Injectable()
export class ExpirePointsUseCase extends Scheduled {
  constructor(
    @Inject(LEDGER_REPOSITORY) private readonly ledger: LedgerRepository,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super();
    this.schedule('expiry sweep', config.EXPIRY_SWEEP_INTERVAL_MS, () => this.execute(), logger);
  }

  /** One pass at `now`; returns the entries written. */
  async execute(now = new Date()): Promise<number> {
    let written = 0;
    for (const tenantId of this.packs.tenants()) {
      const pack = this.packs.get(tenantId)!;
      for (const currency of pack.currencies.filter((c) => c.expiry)) {
        const cutoff = new Date(now.getTime() - currency.expiry!.afterDays * DAY);
        const day = cutoff.toISOString().slice(0, 10);
        const due = await this.ledger.expirable(tenantId, currency.id, cutoff);
        if (due.length === 0) continue;
        const entries: NewLedgerEntry[] = due.map((d) => {
          const idempotencyKey = `expire:${currency.id}:${d.userId}:${day}`;
          return {
            tenantId,
            userId: d.userId,
            currency: currency.id,
            amount: -d.amount,
            kind: 'expire',
            sourceEventId: uuidv5(`${tenantId}\n${idempotencyKey}`, EXPIRY_NAMESPACE),
            ruleId: `expiry:${currency.id}`,
            ruleVersion: pack.version,
            idempotencyKey,
            occurredAt: now.toISOString(),
            public: false, // boards rank what was earned; expiry only moves the spendable balance
          };
        });
        const { inserted, balances } = await this.ledger.append(entries);
        written += inserted;
        const balanceOf = new Map(balances.map((b) => [b.userId, b]));
        await publishBalanceChanges(this.bus, entries.map((e) => ({ ...pointsMessage(e, 'points.expired', balanceOf.get(e.userId)), kind: 'expire' as const })), this.config.PUBLISH_LEGACY_DEBITS);
      }
    }
    return written;
  }
}
