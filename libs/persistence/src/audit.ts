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

export const AUDIT_TRAIL = Symbol('AUDIT_TRAIL');

/** Reading the trail back (the console's history of a dead letter, a key, a pack). */
export interface AuditTrail {
  /** A tenant's entries, newest first, optionally about one target or of one action. */
  list(tenantId: string, filter: { target?: string; action?: string; limit: number }): Promise<(AuditEntry & { at: string })[]>;
}

/** Appends to `admin_audit`. */
@Injectable()
export class PrismaAuditLog implements AuditLog, AuditTrail {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async record(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.adminAudit.createMany({ data: entries.map((e) => ({ ...e, detail: e.detail as object })) });
  }

  async list(tenantId: string, filter: { target?: string; action?: string; limit: number }): Promise<(AuditEntry & { at: string })[]> {
    const rows = await this.db.adminAudit.findMany({
      where: { tenantId, ...(filter.target ? { target: filter.target } : {}), ...(filter.action ? { action: filter.action } : {}) },
      orderBy: { at: 'desc' },
      take: filter.limit,
    });
    return rows.map((r) => ({ tenantId: r.tenantId, actor: r.actor, action: r.action, target: r.target, detail: r.detail as Record<string, unknown>, at: r.at.toISOString() }));
  }
}
