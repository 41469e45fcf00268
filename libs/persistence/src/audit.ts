import type { Db, Tx } from './prisma-client';

export interface AuditEntry {
  tenantId: string | null;
  /** The API key id that did it (or `root`). */
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/** Appends to the admin audit trail (in the caller's transaction when given one). */
export async function recordAudit(db: Db | Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.adminAudit.createMany({ data: entries.map((e) => ({ ...e, detail: e.detail as object })) });
}
