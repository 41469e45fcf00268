import { kafkaWork, type TopicCounts } from './kafka-work';
import { pgWork, type PgCounters } from './pg-work';

const table = (ins: number, upd: number, hot: number, autovacuum = 0, autoanalyze = 0) => ({ ins, upd, hot, autovacuum, autoanalyze });

describe('pgWork: what Postgres did between two readings, per 1,000 events', () => {
  it('counts the differences, the HOT share of updates overall and per table, most updated first', () => {
    const before: PgCounters = {
      wal: { records: 1_000, fpi: 10, bytes: 1_024_000 },
      tables: new Map([
        ['balance', table(10, 100, 10, 1, 1)],
        ['ingested_event', table(50, 200, 50)],
        ['untouched', table(7, 7, 7)],
      ]),
    };
    const after: PgCounters = {
      wal: { records: 41_000, fpi: 30, bytes: 1_024_000 + 2_048 * 1024 },
      tables: new Map([
        ['balance', table(10, 1_100, 910, 2, 3)],
        ['ingested_event', table(2_050, 2_400, 710)],
        ['untouched', table(7, 7, 7)],
        ['new_table', table(4, 0, 0)], // created after the first reading: counted from zero
      ]),
    };
    const w = pgWork(before, after, 2_000);
    expect(w.per1000Events).toEqual({ walRecords: 20_000, walKiB: 1_024, fullPageImages: 10, rowsInserted: 1_002, rowsUpdated: 1_600 });
    expect(w.hotShareOfUpdates).toBe(0.488); // (900 + 660) / (1000 + 2200) = 0.4875, to three places
    expect(w.autovacuumRuns).toBe(1);
    expect(w.autoanalyzeRuns).toBe(2);
    expect(w.updatedTables).toEqual([
      { table: 'ingested_event', updatesPer1000Events: 1_100, hotShare: 0.3 },
      { table: 'balance', updatesPer1000Events: 500, hotShare: 0.9 },
    ]);
  });

  it('no updates: a HOT share of 0, not NaN', () => {
    const c: PgCounters = { wal: { records: 0, fpi: 0, bytes: 0 }, tables: new Map([['t', table(0, 0, 0)]]) };
    expect(pgWork(c, c, 1_000).hotShareOfUpdates).toBe(0);
  });
});

describe('kafkaWork: records and bytes each topic was given, per 1,000 events', () => {
  it('counts only topics written during the load, most records first; bytes unknown on one side stay unknown', () => {
    const before: TopicCounts = new Map([
      ['questline.events.accepted.v1', { records: 10, bytes: 1_000 }],
      ['questline.idle.v1', { records: 5, bytes: 500 }],
    ]);
    const after: TopicCounts = new Map([
      ['questline.events.accepted.v1', { records: 50, bytes: 401_000 }],
      ['questline.idle.v1', { records: 5, bytes: 500 }],
      ['tektree.xp.earned', { records: 2_000, bytes: 1_200_000 }],
    ]);
    const w = kafkaWork(before, after, 2_000);
    expect(w.topics).toEqual([
      { topic: 'tektree.xp.earned', recordsPer1000Events: 1_000, bytesPerEvent: 600 },
      { topic: 'questline.events.accepted.v1', recordsPer1000Events: 20, bytesPerEvent: 200 },
    ]);
    expect(w.per1000Events).toEqual({ records: 1_020, kib: 781.3 });
    const noBytes: TopicCounts = new Map([['questline.events.accepted.v1', { records: 50, bytes: undefined }]]);
    expect(kafkaWork(before, noBytes, 2_000)).toEqual({ per1000Events: { records: 20, kib: undefined }, topics: [{ topic: 'questline.events.accepted.v1', recordsPer1000Events: 20, bytesPerEvent: undefined }] });
  });
});
