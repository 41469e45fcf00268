import { EventHeaders, Topics, type BoardUpdates } from '@questline/contracts';
import type { AuditLog } from '@questline/persistence';
import type { PackCatalog } from '@questline/rules';
import { RecordingBus } from '@questline/testing';
import type { LedgerRepository } from '../../domain/ledger.repository';
import { AdjustBalanceUseCase } from './adjust-balance.usecase';

describe('a support adjustment is announced like any award', () => {
  it("names its tenant and source in the message headers, so a consumer's dead letter of it is the tenant's (not only the root key's)", async () => {
    const bus = new RecordingBus();
    const entry = { id: '1', idempotencyKey: 'adjust:k', currency: 'xp', amount: 5, kind: 'adjust' as const, sourceEventId: '6f1c1a8e-3b5e-4d59-9a43-6c1f0e2b7a10', ruleId: null, ruleVersion: null, occurredAt: '2026-11-24T10:00:00.000Z', createdAt: '2026-11-24T10:00:00.000Z' };
    const ledger = {
      adjust: async () => ({ status: 'written', entry, balance: { tenantId: 'tek', userId: 'bob', currency: 'xp', lifetime: 5, spendable: 5, net: 5 }, adjustment: { id: entry.sourceEventId, reason: 'goodwill', note: null, actor: 'root' } }),
    } as unknown as LedgerRepository;
    const adjust = new AdjustBalanceUseCase(
      ledger,
      { get: () => ({ currencies: [{ id: 'xp' }] }) } as unknown as PackCatalog,
      { apply: async () => undefined } as unknown as BoardUpdates,
      bus,
      { record: async () => undefined } as unknown as AuditLog,
    );
    await adjust.execute({ tenantId: 'tek', userId: 'bob', currency: 'xp', amount: 5, reason: 'goodwill', note: null, idempotencyKey: 'k', actor: 'root' });
    const [sent] = bus.sent(Topics.PointsAwarded);
    expect(sent!.value).toMatchObject({ tenantId: 'tek', userId: 'bob', eventType: 'points.adjusted', amount: 5 });
    expect(sent!.headers).toEqual({ [EventHeaders.Tenant]: 'tek', [EventHeaders.EventId]: entry.sourceEventId });
  });
});
