export const USER_ERASURE = Symbol('USER_ERASURE');

/** What an erasure found and changed in Postgres, and what the rank store still has to drop. */
export interface ErasedRows {
  /** Rows anonymised (user id → pseudonym, the user's id removed from their JSON and keys) or deleted, per table. */
  tables: Record<string, { anonymised: number; deleted: number }>;
  /** The user's ledger idempotency keys as they were (the boards' guards are named by them). */
  awardKeys: string[];
  /** The league cohorts the user sat in. */
  cohorts: { leagueId: string; week: string; tier: string; cohort: number }[];
}

/** Tombstones and the erasure of one user's rows (seed 004 §8.3: deletion = anonymise events). */
export interface UserErasure {
  /** The tombstone of a deleted user, if any. */
  tombstone(tenantId: string, userId: string): Promise<{ receiptId: string; pseudonym: string; deletedAt: string; erased: ErasedRows['tables'] | null } | null>;
  /** Whether anything at all is held about the user (a deletion of an unknown user is refused). */
  known(tenantId: string, userId: string): Promise<boolean>;
  /** Records the tombstone (committed at once: from then on nothing new links to the user). */
  bury(tenantId: string, userId: string, t: { receiptId: string; pseudonym: string; actor: string }): Promise<void>;
  /**
   * Anonymises or deletes every row about the user, in one transaction; idempotent (a second run
   * finds only what arrived since). `pii` names each event type's personal fields.
   */
  erase(tenantId: string, userId: string, pseudonym: string, pii: (type: string, version: number) => readonly string[]): Promise<ErasedRows>;
}
