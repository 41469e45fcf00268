import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from './prisma-client';

export interface AuditEntry {
  tenantId: string | null;
  /** The API key id that did it (or `root`). */
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

export const AUDIT_LOG = Symbol('AUDIT_LOG');

/** The admin audit trail (key creation, DLQ replays and discards, pack activations, re-scoring). */
export interface AuditLog {
  record(entries: AuditEntry[]): Promise<void>;
}

/** Appends to `admin_audit`. */
@Injectable()
export class PrismaAuditLog implements AuditLog {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async record(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.adminAudit.createMany({ data: entries.map((e) => ({ ...e, detail: e.detail as object })) });
  }
}
