import { DateTime } from 'luxon';

/**
 * The hot-user workload of `npm run bench:hot` and its oracle. Deterministic from a seed: N events
 * from U users with a Zipf-like skew (user i is picked with weight 1/(i+1), so the top user sends
 * about a fifth of everything), over D days ending `endMs`, each worth `amount` under a per-day
 * cap of `cap` awards per user in the tenant's zone; a share of the events is sent twice (the same
 * idempotency key, in a later batch), and batches are shuffled (events arrive out of event-time order).
 */
export interface HotSettings {
  events: number;
  users: number;
  days: number;
  amount: number;
  cap: number;
  /** Share of events sent a second time (re-sends). */
  resend: number;
  zone: string;
  /** First day of the week, 1 = Monday ... 7 = Sunday (as the pack's weekStart). */
  weekStart: number;
  endMs: number;
  seed: number;
}

export interface HotEvent {
  key: string;
  user: string;
  atMs: number;
}

export interface HotOracle {
  /** Lifetime total per user. */
  total: Map<string, number>;
  /** Total per weekly period id (`w<first day>`) and user. */
  weekly: Map<string, Map<string, number>>;
}

/** mulberry32: a small, well-mixed 32-bit PRNG (deterministic workloads). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const hotUser = (run: string, i: number) => `${run}-u${String(i).padStart(2, '0')}`;

/** The events in sending order: shuffled, with re-sends inserted after their original. */
export function hotEvents(s: HotSettings, run: string): HotEvent[] {
  const rnd = prng(s.seed);
  const weights = Array.from({ length: s.users }, (_, i) => 1 / (i + 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let x = rnd() * sum;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) <= 0) return i;
    return weights.length - 1;
  };
  const span = s.days * 86_400_000;
  const events: HotEvent[] = Array.from({ length: s.events }, (_, i) => ({ key: `${run}-e${i}`, user: hotUser(run, pick()), atMs: s.endMs - Math.floor(rnd() * span) }));
  // Fisher-Yates: arrival order has nothing to do with event time.
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  const out: HotEvent[] = [];
  const resends: { at: number; e: HotEvent }[] = [];
  events.forEach((e, i) => {
    out.push(e);
    if (rnd() < s.resend) resends.push({ at: i + 1 + Math.floor(rnd() * 2000), e });
    while (resends.length > 0 && resends[0]!.at <= i) out.push(resends.shift()!.e);
    resends.sort((a, b) => a.at - b.at);
  });
  for (const r of resends) out.push(r.e);
  return out;
}

/** The weekly period id a time falls in: `w` + the week's first local day. */
export function weekId(atMs: number, zone: string, weekStart: number): string {
  const d = DateTime.fromMillis(atMs, { zone }).startOf('day');
  return `w${d.minus({ days: (d.weekday - weekStart + 7) % 7 }).toISODate()}`;
}

/** What every user must end up with: per local day min(events, cap) × amount; re-sends count once. */
export function hotOracle(s: HotSettings, sent: HotEvent[]): HotOracle {
  const unique = new Map(sent.map((e) => [e.key, e]));
  const perDay = new Map<string, { user: string; week: string; n: number }>();
  for (const e of unique.values()) {
    const day = DateTime.fromMillis(e.atMs, { zone: s.zone }).toISODate();
    const k = `${e.user}|${day}`;
    const cur = perDay.get(k) ?? { user: e.user, week: weekId(e.atMs, s.zone, s.weekStart), n: 0 };
    cur.n++;
    perDay.set(k, cur);
  }
  const total = new Map<string, number>();
  const weekly = new Map<string, Map<string, number>>();
  for (const { user, week, n } of perDay.values()) {
    const points = Math.min(n, s.cap) * s.amount;
    total.set(user, (total.get(user) ?? 0) + points);
    const w = weekly.get(week) ?? new Map<string, number>();
    w.set(user, (w.get(user) ?? 0) + points);
    weekly.set(week, w);
  }
  return { total, weekly };
}

/** Differences between what a board or profile shows and the oracle, as readable lines (empty: exact). */
export function diffTotals(what: string, expected: Map<string, number>, actual: Map<string, number>): string[] {
  const out: string[] = [];
  for (const u of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(u) ?? 0;
    const got = actual.get(u) ?? 0;
    if (want !== got) out.push(`${what}: ${u} has ${got}, expected ${want} (${got - want > 0 ? '+' : ''}${got - want})`);
  }
  return out;
}
