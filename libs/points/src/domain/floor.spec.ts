import fc from 'fast-check';
import { holdAtFloor, type FloorEntry } from './floor';

/**
 * The plain model: one entry at a time over the whole history, each key once. A debit leaves the
 * balance at the floor at the lowest, and takes nothing from a balance already at or below it.
 */
function model(history: FloorEntry[], start: Map<string, number>): { booked: Map<string, number>; balances: Map<string, number> } {
  const balances = new Map(start);
  const booked = new Map<string, number>();
  for (const e of history) {
    if (booked.has(e.idempotencyKey)) continue;
    const before = balances.get(e.balance) ?? 0;
    let after = before + e.amount;
    if (e.floor !== undefined && e.amount < 0) after = before <= e.floor ? before : Math.max(after, e.floor);
    booked.set(e.idempotencyKey, after - before);
    balances.set(e.balance, after);
  }
  return { booked, balances };
}

const balances = ['t\u0000ann\u0000rep', 't\u0000ann\u0000coins', 't\u0000ben\u0000rep'];
const entry = fc.record({
  balance: fc.constantFrom(...balances),
  amount: fc.oneof(fc.integer({ min: -15, max: -1 }), fc.integer({ min: 1, max: 10 })),
});

describe('holdAtFloor: a debit takes a balance down to its floor and no further', () => {
  it('property: any batch cuts, redelivered batches and repeated keys book what the one-at-a-time model books, and end at its balances', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
        fc.integer({ min: -5, max: 8 }),
        fc.integer({ min: -10, max: 20 }),
        (raw, cuts, redeliveries, repeats, floor, startRep) => {
          // `rep` has a floor, `coins` none. Each award has its own key.
          const history: FloorEntry[] = raw.map((r, i) => ({ balance: r.balance, idempotencyKey: `k${i}`, amount: r.amount, ...(r.balance.endsWith('rep') && r.amount < 0 ? { floor } : {}) }));
          // The same award again later in the stream (a producer's retry, possibly in the same batch).
          for (const [which, gap] of repeats) {
            const at = which % history.length;
            history.splice(Math.min(history.length, at + 1 + (gap % 5)), 0, history[at]!);
          }
          const start = new Map([[balances[0]!, startRep], [balances[2]!, floor + 2]]);
          const expected = model(history, start);

          // The ledger: what each key booked, each balance as it moved.
          const stored = new Map<string, number>();
          const ledger = new Map(start);
          const batches: FloorEntry[][] = [];
          for (let at = 0, i = 0; at < history.length; i++) {
            batches.push(history.slice(at, at + cuts[i % cuts.length]!));
            at += cuts[i % cuts.length]!;
          }
          // At-least-once: a batch is delivered again, right after itself or after later ones.
          const deliveries = [...batches];
          for (const r of redeliveries) {
            const again = batches[r % batches.length]!;
            deliveries.splice(Math.min(deliveries.length, deliveries.indexOf(again) + 1 + (r % 3)), 0, again);
          }
          for (const batch of deliveries) {
            const { amounts, requested } = holdAtFloor(batch, ledger, stored);
            batch.forEach((e, i) => {
              const known = stored.get(e.idempotencyKey);
              if (known !== undefined) {
                expect(amounts[i]).toBe(known);
                return;
              }
              stored.set(e.idempotencyKey, amounts[i]!);
              ledger.set(e.balance, (ledger.get(e.balance) ?? 0) + amounts[i]!);
              // What was asked is kept exactly where the floor held something back.
              expect(requested[i]).toBe(amounts[i] === e.amount ? null : e.amount);
              if (e.floor === undefined || e.amount > 0) expect(amounts[i]).toBe(e.amount);
            });
          }
          expect(stored).toEqual(expected.booked);
          expect(ledger).toEqual(expected.balances);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('five penalties of one user in one batch are held as five in five batches (the per-day cap defect, per batch)', () => {
    const penalties = Array.from({ length: 5 }, (_, i) => ({ balance: 'u', idempotencyKey: `p${i}`, amount: -3, floor: 1 }));
    const one = holdAtFloor(penalties, new Map([['u', 8]]), new Map());
    expect(one.amounts).toEqual([-3, -3, -1, 0, 0]);
    expect(one.requested).toEqual([null, null, -3, -3, -3]);
    let balance = 8;
    const stored = new Map<string, number>();
    for (const p of penalties) {
      const { amounts } = holdAtFloor([p], new Map([['u', balance]]), stored);
      stored.set(p.idempotencyKey, amounts[0]!);
      balance += amounts[0]!;
    }
    expect([...stored.values()]).toEqual(one.amounts);
    expect(balance).toBe(1);
  });

  it('a balance already below the floor takes nothing more; credits, unfloored debits and reversals are booked as asked; a correction keeps its own ask', () => {
    expect(holdAtFloor([{ balance: 'u', idempotencyKey: 'a', amount: -5, floor: 1 }], new Map([['u', -4]]), new Map()).amounts).toEqual([0]);
    expect(holdAtFloor([{ balance: 'u', idempotencyKey: 'a', amount: 5 }, { balance: 'u', idempotencyKey: 'b', amount: -50 }], new Map(), new Map()).amounts).toEqual([5, -50]);
    // A correction moving the booking by -1 while the rules' ask rose by 2, at the floor: held to 0, the ask kept.
    expect(holdAtFloor([{ balance: 'u', idempotencyKey: 'c', amount: -1, floor: 1, requested: 2 }], new Map([['u', 1]]), new Map())).toEqual({ amounts: [0], requested: [2] });
    // A reversal is exact (its event never happened), and later entries see the balance it left.
    expect(holdAtFloor([{ balance: 'u', idempotencyKey: 'r', amount: -10, floor: 1, exact: true }, { balance: 'u', idempotencyKey: 'p', amount: -2, floor: 1 }], new Map([['u', 1]]), new Map()).amounts).toEqual([-10, 0]);
    // A stored key books nothing new, whatever the floor would say now.
    expect(holdAtFloor([{ balance: 'u', idempotencyKey: 'a', amount: -5, floor: 1 }], new Map([['u', 1]]), new Map([['a', -5]])).amounts).toEqual([-5]);
  });
});
