import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { answerAccepted, type SpawnedService } from '@questline/testing';
import { scrapeAll, totalLag } from './scrape';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The load of bench:footprint and bench:profile: `events` answer.accepted events from `users`
 * users through POST /v1/events/batch (500 per request, 4 in flight), then waits until every one is
 * in the ledger and no consumer group of any service has anything left to read (the
 * questline_consumer_lag_messages series of every process at zero). Returns the seconds it took.
 */
export async function sendAndDrain(o: { apps: SpawnedService[]; tenant: string; key: string; databaseUrl: string; events: number; users: number; prefix: string }): Promise<number> {
  const ingest = o.apps.find((a) => a.name === 'ingest' || a.name === 'standalone')!.url;
  const events = Array.from({ length: o.events }, (_, i) => answerAccepted({ author: `${o.prefix}-${i % o.users}`, key: `${o.prefix}-${i}` }));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < events.length) {
        const batch = events.slice(next, (next += 500));
        const res = await fetch(`${ingest}/v1/events/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${o.key}` }, body: JSON.stringify({ events: batch }) });
        if (res.status !== 202) throw new Error(`batch refused: ${res.status} ${(await res.text()).slice(0, 300)}`);
      }
    }),
  );
  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();
  try {
    for (;;) {
      const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM ledger_entry WHERE tenant_id = $1 AND rule_id = 'answer-accepted'", [o.tenant]);
      if (Number(rows[0]!.n) >= o.events) break;
      if (performance.now() - t0 > 600_000) throw new Error('not in the ledger after 10 minutes');
      await settle(200);
    }
  } finally {
    await db.end();
  }
  await untilCaughtUp(o.apps.map((a) => a.url), t0 + 600_000);
  return (performance.now() - t0) / 1000;
}

/** Waits until every consumer group of these processes has nothing left to read (questline_consumer_lag_messages all zero). */
export async function untilCaughtUp(urls: string[], deadline: number, pollMs = 250): Promise<void> {
  for (;;) {
    const texts = await scrapeAll(urls);
    if (texts.some((t) => t.includes('questline_consumer_lag_messages{')) && totalLag(texts) === 0) return;
    if (performance.now() > deadline) throw new Error('consumers still behind at the deadline');
    await settle(pollMs);
  }
}
