/**
 * A currency's floor (a reputation that never drops below 1): a debit of the scoring pipeline (a
 * rule's penalty, a re-scoring correction, a clawback) takes the spendable balance down to the floor
 * and no further; a reversal is exact (its event counts as never having happened). The part below
 * the floor is not booked; the entry keeps what was asked (`requested`), so a re-scoring compares
 * the rules' new amount with what they asked, not with what the floor let through. A balance
 * already at or below the floor takes nothing more (an entry of 0). Credits, and debits of a
 * currency without a floor, are booked as asked.
 *
 * The fold runs in ledger order under the users' balance locks: each new entry sees the balance
 * every earlier one left, within the batch and across batches, so a user's five penalties in one
 * batch are held exactly as five in five batches (the per-day cap defect was this, per batch).
 */
export interface FloorEntry {
  /** The balance the entry moves: tenant, user and currency. */
  balance: string;
  idempotencyKey: string;
  amount: number;
  /** Set only on debits of a currency with a floor. */
  floor?: number;
  /** What the entry records as asked whether or not the floor holds it (a re-scoring correction's change in the rules' ask). */
  requested?: number;
  /** Never held (a reversal undoes exactly what its event booked), though it moves the balance later entries see. */
  exact?: boolean;
}

export interface Booked {
  /** What the ledger holds for each entry, in order (stored ones: what was stored). */
  amounts: number[];
  /** What was asked, where the floor held a new entry back or the entry says (`requested`); null elsewhere. */
  requested: (number | null)[];
}

/**
 * `start`: each balance's spendable before the batch (absent: 0); `stored`: what the ledger already
 * holds under a key (a redelivery books nothing new and moves nothing).
 */
export function holdAtFloor(entries: FloorEntry[], start: ReadonlyMap<string, number>, stored: ReadonlyMap<string, number>): Booked {
  const running = new Map(start);
  const seen = new Map(stored);
  const amounts: number[] = new Array(entries.length);
  const requested: (number | null)[] = new Array(entries.length).fill(null);
  entries.forEach((e, i) => {
    const before = seen.get(e.idempotencyKey);
    if (before !== undefined) {
      amounts[i] = before;
      return;
    }
    const balance = running.get(e.balance) ?? 0;
    const booked = e.floor !== undefined && e.amount < 0 && !e.exact ? Math.max(e.amount, Math.min(0, e.floor - balance)) : e.amount;
    if (e.requested !== undefined) requested[i] = e.requested;
    else if (booked !== e.amount) requested[i] = e.amount;
    amounts[i] = booked;
    seen.set(e.idempotencyKey, booked);
    running.set(e.balance, balance + booked);
  });
  return { amounts, requested };
}
