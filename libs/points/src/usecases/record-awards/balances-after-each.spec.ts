import fc from 'fast-check';
import type { BalanceView, NewLedgerEntry } from '../../domain/ledger.repository';
import { balancesAfterEach } from './record-awards.usecase';

/** The plain model: apply the entries one by one from the balances before the batch. */
function model(before: Map<string, BalanceView>, entries: NewLedgerEntry[]): BalanceView[] {
  const now = new Map([...before].map(([k, b]) => [k, { ...b }]));
  return entries.map((e) => {
    const k = `${e.tenantId}|${e.userId}|${e.currency}`;
    const b = now.get(k) ?? { tenantId: e.tenantId, userId: e.userId, currency: e.currency, lifetime: 0, spendable: 0, net: 0 };
    b.lifetime += Math.max(e.amount, 0);
    b.spendable += e.amount;
    if (e.kind === 'earn' || e.kind === 'adjust' || e.kind === 'compensate') b.net += e.amount;
    now.set(k, b);
    return { ...b };
  });
}

const entry = fc.record({
  userId: fc.constantFrom('ann', 'ben'),
  currency: fc.constantFrom('xp', 'coins'),
  amount: fc.integer({ min: -50, max: 100 }),
  kind: fc.constantFrom('earn', 'adjust', 'compensate', 'spend', 'refund', 'expire') as fc.Arbitrary<NewLedgerEntry['kind']>,
});

describe('balancesAfterEach: the balance each entry of a batch left', () => {
  it('matches applying the entries one by one (property)', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 500 }), (raw, start) => {
        const entries = raw.map((r, i) => ({ tenantId: 't', sourceEventId: `e${i}`, ruleId: 'r', ruleVersion: 1, idempotencyKey: `k${i}`, occurredAt: '2026-12-06T00:00:00Z', ...r }));
        const before = new Map<string, BalanceView>([['t|ann|xp', { tenantId: 't', userId: 'ann', currency: 'xp', lifetime: start, spendable: start, net: start }]]);
        const expected = model(before, entries);
        // What the statement returns: each (user, currency)'s balance after the whole batch.
        const finals = new Map<string, BalanceView>();
        entries.forEach((e, i) => finals.set(`${e.tenantId}|${e.userId}|${e.currency}`, expected[i]!));
        expect(balancesAfterEach(entries, [...finals.values()], entries.length)).toEqual(expected);
        // Some already there (a redelivery): every entry gets the final balance.
        expect(balancesAfterEach(entries, [...finals.values()], entries.length - 1)).toEqual(entries.map((e) => finals.get(`${e.tenantId}|${e.userId}|${e.currency}`)));
      }),
      { numRuns: 500 },
    );
  });
});
