import { parsePack, type PackCatalog } from '@questline/rules';
import type { BoardLedgerReader } from '../../domain/board-ledger.reader';
import { FinalizePeriodsUseCase } from './finalize-periods.usecase';
import type { PeriodStandings } from './period-standings';

const pack = parsePack(`
tenant: t
version: 1
name: T
timezone: UTC
schemaNamespace: tektree
currencies: [{ id: xp }]
rules: []
leaderboards:
  - { id: xp, name: XP, currency: xp, windows: [daily, weekly] }
`);

describe('the period job', () => {
  it('walks back to `since` but computes only the periods the ledger has entries in (or that have a state): years of empty periods cost no query', async () => {
    const now = Date.UTC(2026, 11, 7, 12);
    const settled: string[] = [];
    const spans: string[] = [];
    const ledger = {
      // Board entries only on 2026-12-01 and 2026-12-02.
      activeSpan: async (_t: string, currency: string, from: Date) => (spans.push(`${currency}@${from.toISOString().slice(0, 10)}`), { first: Date.UTC(2026, 11, 1, 10), last: Date.UTC(2026, 11, 2, 10) }),
      scopeValues: async () => [],
    } as unknown as BoardLedgerReader;
    const job = new FinalizePeriodsUseCase(
      { get: () => pack, tenants: () => ['t'] } as unknown as PackCatalog,
      ledger,
      { states: async () => [] } as never,
      { settle: async (ref: { window: string; period: string }) => (settled.push(`${ref.window}/${ref.period}`), true) } as unknown as PeriodStandings,
      { LEADERBOARD_PERIOD_INTERVAL_MS: 60_000, LEADERBOARD_QUIET_MS: 120_000, LEADERBOARD_QUIET_MAX_HOLD_MS: 21_600_000 } as never,
      { warn: () => undefined } as never,
    );
    await job.execute({ now, tenantId: 't', since: Date.UTC(2000, 0, 1) });
    // The two days with entries and the week holding them; not the 400 days and weeks before.
    expect(settled.sort()).toEqual(['daily/d2026-12-01', 'daily/d2026-12-02', 'weekly/w2026-11-30']);
    expect(spans).toHaveLength(2); // one lookup per window, not per period
  });

  it('the scheduled pass holds a finished period while its entries are still arriving (a back-dated import), for a bounded time; an explicit run does not', async () => {
    const now = Date.UTC(2026, 11, 7, 12);
    let settled: string[] = [];
    let arriving = true;
    const ledger = {
      activeSpan: async () => ({ first: Date.UTC(2026, 10, 25, 10), last: Date.UTC(2026, 10, 25, 10) }),
      scopeValues: async () => [],
      recentlyWritten: async () => arriving,
    } as unknown as BoardLedgerReader;
    const job = (quiet = 120_000, maxHold = 21_600_000) =>
      new FinalizePeriodsUseCase(
        { get: () => pack, tenants: () => ['t'] } as unknown as PackCatalog,
        ledger,
        { states: async () => [] } as never,
        { settle: async (ref: { window: string; period: string }) => (settled.push(`${ref.window}/${ref.period}`), true) } as unknown as PeriodStandings,
        { LEADERBOARD_PERIOD_INTERVAL_MS: 60_000, LEADERBOARD_QUIET_MS: quiet, LEADERBOARD_QUIET_MAX_HOLD_MS: maxHold } as never,
        { warn: () => undefined } as never,
      );
    // 2026-11-25 (a week past its lock time): an import still writing into it is held...
    await job().execute({ now, tenantId: 't', since: Date.UTC(2026, 10, 20), waitForQuiet: true });
    expect(settled).toEqual([]);
    // ...until it is quiet,
    arriving = false;
    await job().execute({ now, tenantId: 't', since: Date.UTC(2026, 10, 20), waitForQuiet: true });
    expect(settled.sort()).toEqual(['daily/d2026-11-25', 'weekly/w2026-11-23']);
    // or the hold has lasted long enough (counted from the first pass that held it),
    arriving = true;
    settled = [];
    const held = job(120_000, 3_600_000);
    await held.execute({ now, tenantId: 't', since: Date.UTC(2026, 10, 20), waitForQuiet: true });
    await held.execute({ now: now + 1_800_000, tenantId: 't', since: Date.UTC(2026, 10, 20), waitForQuiet: true });
    expect(settled).toEqual([]);
    await held.execute({ now: now + 3_600_000, tenantId: 't', since: Date.UTC(2026, 10, 20), waitForQuiet: true });
    expect(settled).toHaveLength(2);
    // or an admin runs the job (after an import, as the docs say).
    settled = [];
    await job().execute({ now, tenantId: 't', since: Date.UTC(2026, 10, 20) });
    expect(settled).toHaveLength(2);
  });
});
