import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { childrenOf } from './proc';

/**
 * What Postgres did for a load, counted rather than timed: the WAL it wrote (records, bytes,
 * full-page images, from pg_stat_wal: the whole cluster, so nothing else may run on it meanwhile),
 * the rows it inserted and updated, the share of updates that were HOT (the new version on the same
 * page, no index entry written), and the autovacuum and autoanalyze runs (from
 * pg_stat_user_tables). These do not move with the machine's speed the way CPU seconds do, so two
 * releases can be compared on a few runs each where CPU seconds need many.
 */
export interface PgCounters {
  wal: { records: number; fpi: number; bytes: number };
  tables: Map<string, { ins: number; upd: number; hot: number; autovacuum: number; autoanalyze: number }>;
}

export interface PgWork {
  per1000Events: { walRecords: number; walKiB: number; fullPageImages: number; rowsInserted: number; rowsUpdated: number };
  hotShareOfUpdates: number;
  autovacuumRuns: number;
  autoanalyzeRuns: number;
  /** Tables with updates in the load, most updated first: updates per 1,000 events and the HOT share. */
  updatedTables: Array<{ table: string; updatesPer1000Events: number; hotShare: number }>;
}

/**
 * Reads the counters. Backends flush their statistics when idle, at most once a second and at
 * the latest PGSTAT_IDLE_INTERVAL (10 s) after: read the "after" side only once the load has been
 * idle that long.
 */
export async function readPgCounters(databaseUrl: string): Promise<PgCounters> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const wal = (await db.query<{ wal_records: string; wal_fpi: string; wal_bytes: string }>('SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal')).rows[0]!;
    const { rows } = await db.query<{ relname: string; ins: string; upd: string; hot: string; av: string; aa: string }>(
      'SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, autovacuum_count AS av, autoanalyze_count AS aa FROM pg_stat_user_tables',
    );
    return {
      wal: { records: Number(wal.wal_records), fpi: Number(wal.wal_fpi), bytes: Number(wal.wal_bytes) },
      tables: new Map(rows.map((r) => [r.relname, { ins: Number(r.ins), upd: Number(r.upd), hot: Number(r.hot), autovacuum: Number(r.av), autoanalyze: Number(r.aa) }])),
    };
  } finally {
    await db.end();
  }
}

export function pgWork(before: PgCounters, after: PgCounters, events: number): PgWork {
  const per1000 = (n: number) => Math.round((n / events) * 1000 * 10) / 10;
  let ins = 0;
  let upd = 0;
  let hot = 0;
  let av = 0;
  let aa = 0;
  const updated: PgWork['updatedTables'] = [];
  for (const [table, a] of after.tables) {
    const b = before.tables.get(table) ?? { ins: 0, upd: 0, hot: 0, autovacuum: 0, autoanalyze: 0 };
    const d = { ins: a.ins - b.ins, upd: a.upd - b.upd, hot: a.hot - b.hot };
    ins += d.ins;
    upd += d.upd;
    hot += d.hot;
    av += a.autovacuum - b.autovacuum;
    aa += a.autoanalyze - b.autoanalyze;
    if (d.upd > 0) updated.push({ table, updatesPer1000Events: per1000(d.upd), hotShare: round3(d.hot / d.upd) });
  }
  updated.sort((x, y) => y.updatesPer1000Events - x.updatesPer1000Events);
  return {
    per1000Events: {
      walRecords: per1000(after.wal.records - before.wal.records),
      walKiB: per1000((after.wal.bytes - before.wal.bytes) / 1024),
      fullPageImages: per1000(after.wal.fpi - before.wal.fpi),
      rowsInserted: per1000(ins),
      rowsUpdated: per1000(upd),
    },
    hotShareOfUpdates: upd > 0 ? round3(hot / upd) : 0,
    autovacuumRuns: av,
    autoanalyzeRuns: aa,
    updatedTables: updated,
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Postgres' CPU split by what each server process is, sampled: call `sample()` every few hundred
 * ms while the load runs. Autovacuum workers end when their table is done (their time then moves
 * to the postmaster's reaped-children times, counted in the total), so the autovacuum figure is
 * what the samples saw: a floor, short by at most one interval per worker.
 */
export class PgProcessSampler {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, { ticks: number; kind: string }>();

  constructor(private readonly postmaster: number) {
    for (const [pid, p] of this.children()) this.first.set(pid, p.ticks);
  }

  sample(): void {
    for (const [pid, p] of this.children()) this.last.set(pid, p);
  }

  /** CPU seconds per kind of process seen since the sampler was made (`TICK` ticks a second). */
  secondsByKind(tick: number): Map<string, number> {
    const out = new Map<string, number>();
    // A pid reused by a later process can read below its first reading: counted from zero then.
    for (const [pid, p] of this.last) out.set(p.kind, (out.get(p.kind) ?? 0) + Math.max(0, p.ticks - (this.first.get(pid) ?? 0)) / tick);
    return out;
  }

  private *children(): Generator<[number, { ticks: number; kind: string }]> {
    for (const { pid, stat } of childrenOf(this.postmaster)) {
      let title: string;
      try {
        title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue; // ended meanwhile
      }
      yield [pid, { ticks: stat[11]! + stat[12]!, kind: title.includes('autovacuum worker') ? 'autovacuum' : 'other' }];
    }
  }
}
