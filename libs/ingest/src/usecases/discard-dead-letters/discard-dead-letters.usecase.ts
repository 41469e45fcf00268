import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_LOG, type AuditLog } from '@questline/persistence';
import type { Principal } from '@questline/platform';
import { DeadLetters } from '../dead-letters/dead-letters';

/** Marks pending dead letters discarded, with a reason. Audited. */
@Injectable()
export class DiscardDeadLettersUseCase {
  constructor(
    private readonly deadLetters: DeadLetters,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async execute({ tenantId, who, ids, reason }: { tenantId: string | null; who: Principal; ids: string[]; reason: string }): Promise<{ discarded: number }> {
    const selected = (await this.deadLetters.select(tenantId, ids)).filter((d) => d.status === 'pending');
    await this.deadLetters.letters.markDiscarded(selected.map((d) => d.id), reason, who.keyId);
    await this.audit.record(selected.map((d) => ({ tenantId: d.tenantId, actor: who.keyId, action: 'dlq.discard', target: d.id, detail: { reason } })));
    await this.deadLetters.refreshGauge();
    return { discarded: selected.length };
  }
}
