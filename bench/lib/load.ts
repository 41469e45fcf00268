import { performance } from 'node:perf_hooks';

export interface LoadResult {
  sent: number;
  ok: number;
  failed: number;
  seconds: number;
  /** Request latencies (ms) of the successful requests. */
  latencies: number[];
  statuses: Record<number, number>;
}

/**
 * Open-loop load: request i is due at start + i / rate, whatever happened to the ones before (so a
 * slow server shows up as latency, not as a politely lowered rate). In-flight requests are capped.
 */
export async function openLoop(
  rate: number,
  seconds: number,
  send: (i: number) => Promise<number>,
  maxInFlight = 512,
): Promise<LoadResult> {
  const total = Math.round(rate * seconds);
  const result: LoadResult = { sent: 0, ok: 0, failed: 0, seconds: 0, latencies: [], statuses: {} };
  const start = performance.now();
  const inflight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    while (inflight.size >= maxInFlight) await Promise.race(inflight);
    const t0 = performance.now();
    result.sent++;
    const p: Promise<void> = send(i).then(
      (status) => {
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        if (status < 300) {
          result.ok++;
          result.latencies.push(performance.now() - t0);
        } else result.failed++;
      },
      () => void result.failed++,
    ).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

/** Closed-loop load: `concurrency` workers send back to back for `seconds`; measures capacity. */
export async function closedLoop(concurrency: number, seconds: number, send: (i: number) => Promise<number>): Promise<LoadResult> {
  const result: LoadResult = { sent: 0, ok: 0, failed: 0, seconds: 0, latencies: [], statuses: {} };
  const start = performance.now();
  const end = start + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const i = next++;
        const t0 = performance.now();
        result.sent++;
        try {
          const status = await send(i);
          result.statuses[status] = (result.statuses[status] ?? 0) + 1;
          if (status < 300) {
            result.ok++;
            result.latencies.push(performance.now() - t0);
          } else result.failed++;
        } catch {
          result.failed++;
        }
      }
    }),
  );
  result.seconds = (performance.now() - start) / 1000;
  return result;
}
