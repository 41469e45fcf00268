import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { assertUserId, BOARD_ERASURE, ERASED_USER_PREFIX, NotFoundError, type BoardErasure } from '@questline/contracts';
import { AUDIT_LOG, userHash, type AuditLog } from '@questline/persistence';
import { APP_CONFIG, LOGGER, METRICS, type AppConfig, type Logger, type Metrics } from '@questline/platform';
import { PACK_CATALOG, type PackCatalog } from '@questline/rules';
import { SCHEMA_REGISTRY, type SchemaRegistry } from '@questline/schema-registry';
import { USER_ERASURE, type ErasedRows, type UserErasure } from '../../domain/user-erasure.port';
import { EVENT_ARCHIVE, type EventArchive } from '../../domain/event-archive.port';

export interface DeletionReceipt {
  receiptId: string;
  tenantId: string;
  /** What the user's rows carry now (ledger amounts, standings and seats are kept under it). */
  pseudonym: string;
  /** When the user was first deleted (the tombstone: nothing is linked to them from then on). */
  deletedAt: string;
  /** When this request's erasure finished. */
  erasedAt: string;
  /** Rows anonymised or deleted per table by this request (a repeated request erases only what arrived since). */
  tables: ErasedRows['tables'];
  /** Live board and league sets the user was taken off. */
  boards: number;
  /** Archived files rewritten without the user (retention's archive), and the events in them that named the user. */
  archive: { files: number; events: number };
  /** True when the user had been deleted before (the receipt id and pseudonym are the first request's). */
  repeated: boolean;
  /** What the deletion does not reach, and why. */
  notes: string[];
}

/**
 * Seed 004 §8.3's right to erasure: "deletion (anonymise events)". A tombstone first (a SHA-256
 * of tenant and user id, committed at once): from then on ingest, scoring and points link nothing
 * to the user, so a redelivered or replayed message cannot bring them back. Then, after a grace
 * period that lets batches already past their tombstone check commit, every row about the user is
 * anonymised or deleted in one transaction, and the rank store drops them. Audited under the
 * pseudonym and the user id's hash, never the id.
 */
@Injectable()
export class DeleteUserUseCase {
  constructor(
    @Inject(USER_ERASURE) private readonly erasure: UserErasure,
    @Inject(BOARD_ERASURE) private readonly boards: BoardErasure,
    @Inject(EVENT_ARCHIVE) private readonly archive: EventArchive,
    @Inject(PACK_CATALOG) private readonly packs: PackCatalog,
    @Inject(SCHEMA_REGISTRY) private readonly registry: SchemaRegistry,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async execute({ tenantId, userId, actor }: { tenantId: string; userId: string; actor: string }): Promise<DeletionReceipt> {
    // The same rule ingest, rule recipients and every user route apply: whatever could be credited
    // is erasable, and placeholders shared by many people's rows (`_unlinked`, `deleted:…`) are not.
    assertUserId(userId, '/path/userId');
    const pack = this.packs.get(tenantId);
    if (!pack) throw new NotFoundError('unknown_tenant', `Tenant "${tenantId}" has no active pack.`);
    let prior = await this.erasure.tombstone(tenantId, userId);
    if (!prior && !(await this.erasure.known(tenantId, userId))) {
      throw new NotFoundError('unknown_user', `Nothing is held about user "${userId}" in tenant "${tenantId}"; nothing was deleted.`);
    }
    const repeated = prior !== null;
    if (!prior) {
      await this.erasure.bury(tenantId, userId, { receiptId: randomUUID(), pseudonym: `${ERASED_USER_PREFIX}${randomUUID()}`, actor });
      prior = (await this.erasure.tombstone(tenantId, userId))!;
      // Batches that checked for tombstones just before this one was written commit meanwhile.
      await new Promise((r) => setTimeout(r, this.config.DELETION_GRACE_MS));
    }
    const ns = pack.schemaNamespace;
    const erased = await this.erasure.erase(tenantId, userId, prior.pseudonym, (type, version) => this.registry.document(ns, type, version)?.metadata.pii ?? []);
    const boards = await this.boards.erase({ tenantId, userId, pseudonym: prior.pseudonym, awardKeys: erased.awardKeys, cohorts: erased.cohorts });
    const archive = await this.archive.erase(tenantId, userId, prior.pseudonym);
    const receipt: DeletionReceipt = {
      receiptId: prior.receiptId,
      tenantId,
      pseudonym: prior.pseudonym,
      deletedAt: prior.deletedAt,
      erasedAt: new Date().toISOString(),
      tables: erased.tables,
      boards,
      archive,
      repeated,
      notes: [
        'Ledger amounts, balances, standings and league seats are kept under the pseudonym (totals, boards of others and reconcile stay exact); the pseudonym is kept off every board.',
        'Notifications, notification preferences and consents are deleted.',
        "Kafka topics keep the user's messages until their retention removes them (see the README's privacy section); product-owned topics are out of reach.",
      ],
    };
    await this.audit.record([{ tenantId, actor, action: 'user.delete', target: prior.pseudonym, detail: { receiptId: receipt.receiptId, userHash: userHash(tenantId, userId), repeated, tables: erased.tables, boards, archive } }]);
    this.metrics.userErasures.inc({ tenant: this.metrics.tenant(tenantId), repeated: String(repeated) });
    this.logger.info({ tenant: tenantId, pseudonym: prior.pseudonym, receipt: receipt.receiptId, repeated, boards }, 'user deleted on request');
    return receipt;
  }
}
