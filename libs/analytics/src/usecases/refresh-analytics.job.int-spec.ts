import fc from 'fast-check';
import { v4 as uuidv4 } from 'uuid';
import { scopeValuesOf, type Scopes } from '@questline/contracts';
import { applyMigrations, createDatabase, type Db, type SqlPool } from '@questline/persistence';
import type { AppConfig, Logger } from '@questline/platform';
import type { Pack, PackCatalog } from '@questline/rules';
import { infraEnv, uniqueId } from '@questline/testing';
import { localDay } from '../domain/days';
import { PgAnalyticsRepository } from '../infrastructure/pg-analytics.repository';
import { RefreshAnalyticsJob } from './refresh-analytics.job';

jest.setTimeout(240_000);

/** A zone with a daylight-saving change inside the generated days (2026-03-08), and the zone furthest ahead of UTC (+14). */
const ZONES = ['America/New_York', 'Pacific/Kiritimati'];
const BASE = Date.parse('2026-03-02T00:00:00Z');
const TYPES = ['a.posted', 'b.liked', 'c.logged'];

interface GenEvent {
  user: number;
  /** Minutes after BASE (12 days). */
  minute: number;
  type: number;
  amount: number;
  rule: number;
  unlock: boolean;
  mission: boolean;
  redemption: 'none' | 'started' | 'finalized' | 'failed';
  /** How many deliveries later the event is processed (its ledger, unlock, mission and redemption rows written). */
  lag: number;
}

const event = fc.record<GenEvent>({
  user: fc.integer({ min: 0, max: 7 }),
  minute: fc.integer({ min: 0, max: 12 * 1440 - 1 }),
  type: fc.integer({ min: 0, max: 2 }),
  amount: fc.integer({ min: 1, max: 50 }),
  rule: fc.integer({ min: 0, max: 1 }),
  unlock: fc.boolean(),
  mission: fc.boolean(),
  redemption: fc.constantFrom('none', 'none', 'started', 'finalized', 'failed'),
  lag: fc.integer({ min: 0, max: 10 }),
});

/**
 * The analytics job against the real Postgres of infra/up.sh, checked against a plain
 * recomputation from the raw rows: events arrive in random batches, out of event-time order (late
 * events land in days already aggregated), some delivered twice; the job runs after some batches
 * and not others. Whatever the cuts, after a last pass every aggregate equals the recomputation,
 * and the raw rows equal the generated model (each event counted once).
 */
describe.each(ZONES)('RefreshAnalyticsJob (real Postgres, property, %s)', (ZONE) => {
  let db: Db;
  let pool: SqlPool;
  beforeAll(async () => {
    await applyMigrations(infraEnv().DATABASE_URL);
    ({ prisma: db, pool } = createDatabase({ url: infraEnv().DATABASE_URL, poolMax: 8 }));
  });
  afterAll(async () => {
    await db.$disconnect();
    await pool.end();
  });

  /** The job for one tenant; `maxEventAgeDays`: how late the pack accepts events (days older are closed). */
  const jobFor = (tenantId: string, maxEventAgeDays = 3650) => {
    const packs = { get: (t: string) => (t === tenantId ? ({ tenant: tenantId, timezone: ZONE, ingest: { maxEventAgeDays } } as unknown as Pack) : undefined), tenants: () => [tenantId] } as unknown as PackCatalog;
    const logger = { debug: () => undefined, warn: () => undefined } as unknown as Logger;
    return new RefreshAnalyticsJob(new PgAnalyticsRepository(pool), packs, { ANALYTICS_INTERVAL_MS: 60_000, ANALYTICS_OVERLAP_MS: 0 } as AppConfig, logger);
  };

  /**
   * Writes one event's rows the way the platform does, every write idempotent on its key: ingest
   * stores the event (`ingest`), and later the pipeline writes what it caused (`process`).
   */
  async function write(tenantId: string, key: string, e: GenEvent, step: 'ingest' | 'process'): Promise<void> {
    const at = new Date(BASE + e.minute * 60_000);
    const user = `u${e.user}`;
    if (step === 'ingest') {
      await pool.query(
        `INSERT INTO ingested_event (id, tenant_id, idempotency_key, type, schema_version, user_id, occurred_at, received_at, envelope, status)
         VALUES ($1, $2, $3, $4, 1, $5, $6, clock_timestamp(), '{}'::jsonb, 'processed') ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
        [uuidv4(), tenantId, key, TYPES[e.type], user, at],
      );
      return;
    }
    const source = (await pool.query<{ id: string }>('SELECT id FROM ingested_event WHERE tenant_id = $1 AND idempotency_key = $2', [tenantId, key])).rows[0]!.id;
    await pool.query(
      `INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at, scopes)
       VALUES ($1, $2, 'xp', $3, 'earn', $4, $5, 1, $6, $7, $8) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
      [tenantId, user, e.amount, source, e.mission && e.rule === 1 ? `mission:m${e.type}` : `r${e.rule}`, `${key}:r`, at, JSON.stringify({ community: `c${e.user % 2}`, tag: e.rule % 2 === 0 ? [`t${e.type}`, 'all'] : `t${e.type}` })], // a list dimension (tags) counts under each value
    );
    // Some events were re-scored: a correction under `rescore` (net, never gross earned).
    if (e.amount % 3 === 0) {
      await pool.query(
        `INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at, lifetime_credit)
         VALUES ($1, $2, 'xp', -1, 'compensate', $3, 'rescore', 2, $4, $5, 0) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
        [tenantId, user, source, `${key}:c`, at],
      );
    }
    if (e.unlock) {
      await pool.query(
        `INSERT INTO achievement_unlock (tenant_id, user_id, achievement_id, source_event_id, rule_version, occurrence) VALUES ($1, $2, $3, $4, 1, '')
         ON CONFLICT DO NOTHING`,
        [tenantId, user, `badge-${e.type}`, source],
      );
    }
    if (e.mission) {
      const day = Math.floor((at.getTime() - 5 * 3_600_000) / 86_400_000);
      const state = { steps: { s: 1 }, startedAt: at.getTime() - e.amount * 60_000, completed: true, completedAt: at.getTime() };
      await pool.query(
        `INSERT INTO progress_state (tenant_id, user_id, key, state, updated_at) VALUES ($1, $2, $3, $4::jsonb, clock_timestamp())
         ON CONFLICT (tenant_id, user_id, key) DO NOTHING`,
        [tenantId, user, `mission/m${e.type}/${day}`, JSON.stringify(state)],
      );
    }
    if (e.redemption !== 'none') {
      await pool.query(
        `INSERT INTO redemption (tenant_id, id, user_id, item_id, idempotency_key, status, currency, cost) VALUES ($1, $2, $3, 'mug', $4, $5, 'coins', $6)
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
        [tenantId, uuidv4(), user, `${key}:red`, e.redemption, e.amount],
      );
    }
  }

  type Agg = Map<string, number>;
  const add = (m: Agg, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

  /** The reference: every aggregate recomputed in plain TypeScript from the raw rows. */
  async function recomputeFromRawRows(tenantId: string): Promise<{ daily: Agg; userDays: Agg }> {
    const q = async <T>(sql: string) => (await pool.query<T & Record<string, unknown>>(sql, [tenantId])).rows;
    const events = await q<{ user_id: string; type: string; occurred_at: Date }>('SELECT user_id, type, occurred_at FROM ingested_event WHERE tenant_id = $1');
    const ledger = await q<{ user_id: string; currency: string; amount: string; kind: string; rule_id: string; occurred_at: Date; scopes: Scopes | null }>(
      'SELECT user_id, currency, amount, kind, rule_id, occurred_at, scopes FROM ledger_entry WHERE tenant_id = $1',
    );
    const unlocks = await q<{ achievement_id: string; unlocked_at: Date }>('SELECT achievement_id, unlocked_at FROM achievement_unlock WHERE tenant_id = $1');
    const missions = await q<{ user_id: string; key: string; state: { startedAt: number; completedAt: number } }>("SELECT user_id, key, state FROM progress_state WHERE tenant_id = $1 AND key LIKE 'mission/%'");
    const redemptions = await q<{ status: string; currency: string; cost: string; created_at: Date }>('SELECT status, currency, cost, created_at FROM redemption WHERE tenant_id = $1');

    const daily: Agg = new Map();
    const userDays: Agg = new Map();
    const distinct = new Map<string, Set<string>>();
    const countDistinct = (k: string, v: string) => distinct.set(k, (distinct.get(k) ?? new Set()).add(v));
    const day = (d: Date) => localDay(d, ZONE);
    for (const e of events) {
      add(daily, `events|${day(e.occurred_at)}|${e.type}`, 1);
      add(userDays, `${day(e.occurred_at)}|${e.user_id}`, 1);
      countDistinct(`dau|${day(e.occurred_at)}|`, e.user_id);
    }
    for (const l of ledger) {
      const d = day(l.occurred_at);
      const amount = Number(l.amount);
      add(daily, `points_net|${d}|${l.currency}`, amount);
      // Per rule: what each rule's entries net to, its corrections under `rescore`.
      if (l.rule_id !== null && ['earn', 'adjust', 'compensate'].includes(l.kind)) add(daily, `points_by_rule|${d}|${l.currency}/${l.rule_id}`, amount);
      if (l.kind !== 'earn' || amount <= 0) continue;
      add(daily, `points_earned|${d}|${l.currency}`, amount);
      countDistinct(`earners|${d}|${l.currency}`, l.user_id);
      for (const [k, values] of Object.entries(l.scopes ?? {})) {
        for (const v of scopeValuesOf(values)) {
          countDistinct(`active_by_scope|${d}|${k}:${v}`, l.user_id);
          add(daily, `points_by_scope|${d}|${k}:${v}/${l.currency}`, amount);
          if (l.rule_id.startsWith('mission:')) countDistinct(`missions_completed_by_scope|${d}|${k}:${v}/${l.rule_id.slice(8)}`, l.user_id);
        }
      }
    }
    for (const u of unlocks) add(daily, `unlocks|${day(u.unlocked_at)}|${u.achievement_id}`, 1);
    const seconds = new Map<string, number[]>();
    for (const m of missions) {
      const k = `${day(new Date(m.state.completedAt))}|${m.key.split('/')[1]}`;
      add(daily, `missions_completed|${k}`, 1);
      countDistinct(`missions_completed_users|${k}`, m.user_id);
      seconds.set(k, [...(seconds.get(k) ?? []), (m.state.completedAt - m.state.startedAt) / 1000]);
    }
    for (const [k, s] of seconds) daily.set(`missions_avg_seconds|${k}`, s.reduce((a, b) => a + b, 0) / s.length);
    for (const r of redemptions) {
      add(daily, `redemptions|${day(r.created_at)}|${r.status}`, 1);
      if (r.status === 'finalized') add(daily, `redemption_cost|${day(r.created_at)}|${r.currency}`, Number(r.cost));
    }
    for (const [k, users] of distinct) daily.set(k, users.size);
    return { daily, userDays };
  }

  async function stored(tenantId: string): Promise<{ daily: Agg; userDays: Agg }> {
    const daily: Agg = new Map(
      (await pool.query<{ metric: string; day: string; dimension: string; value: number }>('SELECT metric, day::text AS day, dimension, value FROM analytics_daily WHERE tenant_id = $1', [tenantId])).rows.map((r) => [
        `${r.metric}|${r.day}|${r.dimension}`,
        r.value,
      ]),
    );
    const userDays: Agg = new Map(
      (await pool.query<{ day: string; user_id: string; events: number }>('SELECT day::text AS day, user_id, events FROM analytics_user_day WHERE tenant_id = $1', [tenantId])).rows.map((r) => [`${r.day}|${r.user_id}`, r.events]),
    );
    return { daily, userDays };
  }

  const rounded = (m: Agg) => new Map([...m].map(([k, v]) => [k, Math.round(v * 1000) / 1000]));

  it('equals a recomputation from the raw rows, whatever the batch cuts, redeliveries, late events and skipped passes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 15 }),
        fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
        async (events, redelivered, cuts, passes) => {
          const tenantId = uniqueId('an');
          const job = jobFor(tenantId);
          // Deliveries in the generated (not event-time) order: each event stored, then processed
          // `lag` deliveries later; some delivered (and processed) twice, later still.
          const once = events.map((e, i) => ({ key: `k${i}`, e, pos: i }));
          const twice = redelivered.filter((i) => i < events.length).map((i, j) => ({ key: `k${i}`, e: events[i]!, pos: i + 1 + j }));
          const deliveries = [...once, ...twice]
            .flatMap((d) => [
              { ...d, step: 'ingest' as const, order: d.pos },
              { ...d, step: 'process' as const, order: d.pos + d.e.lag + 0.5 },
            ])
            .sort((a, b) => a.order - b.order);
          let at = 0;
          for (let b = 0; at < deliveries.length; b++) {
            const size = (cuts[b % cuts.length] ?? 0) + 1;
            for (const d of deliveries.slice(at, at + size)) await write(tenantId, d.key, d.e, d.step);
            at += size;
            if (passes[b % passes.length]) await job.execute(tenantId);
          }
          await job.execute(tenantId);
          const expected = await recomputeFromRawRows(tenantId);
          const actual = await stored(tenantId);
          expect(rounded(actual.daily)).toEqual(rounded(expected.daily));
          expect(actual.userDays).toEqual(expected.userDays);
          // The raw rows are the model: each generated event once, whatever was delivered twice.
          const events_ = [...expected.daily].filter(([k]) => k.startsWith('events|')).reduce((n, [, v]) => n + v, 0);
          expect(events_).toBe(events.length);
          const earned = [...expected.daily].filter(([k]) => k.startsWith('points_earned|')).reduce((n, [, v]) => n + v, 0);
          expect(earned).toBe(events.reduce((n, e) => n + e.amount, 0));
        },
      ),
      { numRuns: 10 },
    );
  });

  it('a pass that changes nothing writes the same rows; a zone change recomputes every day in the new zone', async () => {
    const tenantId = uniqueId('an');
    const job = jobFor(tenantId);
    // 03:30 UTC is the previous evening in New York, the same day in UTC.
    const e: GenEvent = { user: 1, minute: 3 * 60 + 30, type: 0, amount: 5, rule: 0, unlock: false, mission: false, redemption: 'none', lag: 0 };
    await write(tenantId, 'k1', e, 'ingest');
    await write(tenantId, 'k1', e, 'process');
    await job.execute(tenantId);
    const first = await stored(tenantId);
    expect([...first.userDays.keys()]).toEqual([`${localDay(new Date(BASE + 210 * 60_000), ZONE)}|u1`]);
    await job.execute(tenantId);
    expect(await stored(tenantId)).toEqual(first);
    // The pack's zone becomes UTC: the event moves to its UTC day.
    const packs = { get: () => ({ tenant: tenantId, timezone: 'UTC', ingest: { maxEventAgeDays: 3650 } }) as unknown as Pack, tenants: () => [tenantId] } as unknown as PackCatalog;
    await new RefreshAnalyticsJob(new PgAnalyticsRepository(pool), packs, { ANALYTICS_INTERVAL_MS: 60_000, ANALYTICS_OVERLAP_MS: 0 } as AppConfig, { debug: () => undefined } as unknown as Logger).execute(tenantId);
    expect([...(await stored(tenantId)).userDays.keys()]).toEqual(['2026-03-02|u1']);
  });

  it('a closed day (older than any event still accepted) keeps its counts when retention deletes its events; its points are still rebuilt', async () => {
    const tenantId = uniqueId('an');
    const job = jobFor(tenantId, 30); // March 2026 is long closed for a pack taking events 30 days late
    const e = (user: number, minute: number): GenEvent => ({ user, minute, type: 0, amount: 5, rule: 0, unlock: false, mission: false, redemption: 'none', lag: 0 });
    for (const [k, ev] of [['k1', e(1, 600)], ['k2', e(2, 660)]] as const) {
      await write(tenantId, k, ev, 'ingest');
      await write(tenantId, k, ev, 'process');
    }
    await job.execute(tenantId);
    const before = await stored(tenantId);
    const day = localDay(new Date(BASE + 600 * 60_000), ZONE);
    expect(localDay(new Date(BASE + 660 * 60_000), ZONE)).toBe(day);
    expect(before.daily.get(`dau|${day}|`)).toBe(2);
    // Retention deletes one event and anonymises the other; an adjustment lands on that day.
    await pool.query("DELETE FROM ingested_event WHERE tenant_id = $1 AND idempotency_key = 'k1'", [tenantId]);
    await pool.query("UPDATE ingested_event SET user_id = '_anonymised', updated_at = now() WHERE tenant_id = $1", [tenantId]);
    await pool.query(
      `INSERT INTO ledger_entry (tenant_id, user_id, currency, amount, kind, source_event_id, rule_id, rule_version, idempotency_key, occurred_at)
       VALUES ($1, 'u1', 'xp', 7, 'earn', $2, 'adjust', 1, 'adj-1', $3)`,
      [tenantId, uuidv4(), new Date(BASE + 700 * 60_000)],
    );
    await job.execute(tenantId);
    await jobFor(tenantId, 30).backfill(tenantId, '2026-03-01', '2026-03-04');
    const after = await stored(tenantId);
    expect(after.daily.get(`dau|${day}|`)).toBe(2);
    expect(after.daily.get(`events|${day}|a.posted`)).toBe(2);
    expect(after.userDays).toEqual(before.userDays);
    expect(after.daily.get(`points_earned|${day}|xp`)).toBe(17);
  });
});
