/**
 * Rule evaluation throughput on one core with a pack of BENCH_RULES (100) rules (issue: ≥ 50,000
 * events/s): exact types, wildcards, JSONLogic conditions, computed amounts, a conversion, daily
 * count and amount caps, a cap shared by three rules, once-per-day keys, three metrics (a count
 * per day, a distinct count per week, a sum) and rules whose condition or amount reads the user's
 * metrics and level — decided with decideBatch against in-memory history and progress, as the
 * decision store does after loading them. Raw baseline in the same run: a loop that only matches
 * the event type against every rule (the floor cost of looking at 100 rules). `npm run
 * bench:rules`. Median of BENCH_REPEATS.
 */
import { performance } from 'node:perf_hooks';
import type { CanonicalEnvelope } from '@questline/contracts';
import { decideBatch, MemoryProgressStore, MemoryRuleHistory, parsePack, typeMatches } from '@questline/rules';
import { median, round } from './lib/stats';

const RULES = Number(process.env['BENCH_RULES'] ?? 100);
const EVENTS = Number(process.env['BENCH_RULE_EVENTS'] ?? 200_000);
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 5);
const TYPES = Array.from({ length: 25 }, (_, i) => `domain${i % 5}.thing${i}.happened`);

function benchPack() {
  const rules = Array.from({ length: RULES }, (_, i) => {
    const on = i % 10 === 0 ? `domain${i % 5}.*` : TYPES[i % TYPES.length];
    const cond = i % 3 === 0 ? `\n    if: { ">": [{ var: "payload.score" }, ${i % 50}] }` : '';
    const amount = i % 4 === 0 ? '{ expr: { "*": [{ var: "payload.score" }, 2] } }' : String(1 + (i % 20));
    const limits = i % 25 === 0 ? '\n    limits: { perDay: 5, amountPerDay: 50 }' : '';
    const once = i % 25 === 5 ? '\n    oncePer: { key: [subject, payload.score], per: day }' : '';
    const state = i % 20 === 7 ? `\n    if: { ">=": [{ var: "user.metrics.${i % 40 === 7 ? 'scores' : 'acts'}" }, ${i % 5}] }` : i % 20 === 13 ? '\n    if: { ">=": [{ var: "user.level" }, 2] }' : '';
    if (state) return `  - id: r${i}\n    on: ${on}${state}\n    award: { currency: xp, amount: 3 }`;
    return `  - id: r${i}\n    on: ${on}${cond}\n    award: { currency: ${i % 7 === 0 ? 'vocab' : 'xp'}, amount: ${amount}, to: payload.target }${limits}${once}`;
  });
  const metrics = [
    '  - { id: acts, name: Acts today, kind: count, on: "domain1.*", per: day }',
    '  - { id: scores, name: Distinct scores this week, kind: distinct, on: "domain2.*", value: payload.score, per: week }',
    '  - { id: total, name: Score total, kind: sum, on: "domain3.*", value: payload.score, milestones: [{ at: 1000, reward: { currency: xp, amount: 10 } }] }',
  ];
  return parsePack(
    `tenant: bench\nversion: 1\nname: Bench\ntimezone: Europe/Paris\nschemaNamespace: bench\ncurrencies: [{ id: xp }, { id: vocab }, { id: global }]\nlevels: { currency: xp, thresholds: [0, 500, 5000] }\nconversions: [{ from: vocab, to: global, rate: 0.5 }]\ncaps: [{ id: shared, currency: xp, rules: [r1, r2, r3], perDay: 100 }]\nrules:\n${rules.join('\n')}\nmetrics:\n${metrics.join('\n')}\n`,
  );
}

export interface RulesBenchResult {
  rules: number;
  eventsPerSec: number;
  awardsPerEvent: number;
  typeMatchOnlyPerSec: number;
  ratio: number;
}

export function benchRules(): RulesBenchResult {
  const pack = benchPack();
  const base = Date.parse('2026-11-23T00:00:00Z');
  // A stream moving forward in time, as production's is (each event once): 1,000-event batches.
  const events: CanonicalEnvelope[] = Array.from({ length: EVENTS }, (_, i) => ({
    id: `e${i}`,
    type: TYPES[i % TYPES.length]!,
    schemaVersion: 1,
    tenantId: 'bench',
    userId: `u${i % 97}`,
    occurredAt: new Date(base + i * 60_000).toISOString(),
    receivedAt: new Date(base + i * 60_000).toISOString(),
    source: 'bench',
    idempotencyKey: `k${i}`,
    payload: { score: i % 100, target: `t${i % 89}` },
    meta: {},
  }));
  const rates: number[] = [];
  const floors: number[] = [];
  let awards = 0;
  for (let r = 0; r < REPEATS; r++) {
    const history = new MemoryRuleHistory();
    const progress = new MemoryProgressStore();
    awards = 0;
    let t0 = performance.now();
    for (let i = 0; i < EVENTS; i += 1000) for (const d of decideBatch(pack, events.slice(i, i + 1000), history, progress).values()) awards += d.awards.length;
    rates.push(EVENTS / ((performance.now() - t0) / 1000));
    let matched = 0;
    t0 = performance.now();
    for (let i = 0; i < EVENTS; i++) {
      const type = events[i]!.type;
      for (const rule of pack.rules) if (typeMatches(rule.on, type)) matched++;
    }
    floors.push(EVENTS / ((performance.now() - t0) / 1000));
    if (matched < 0) throw new Error('unreachable');
  }
  const eventsPerSec = median(rates);
  const typeMatchOnlyPerSec = median(floors);
  return { rules: pack.rules.length, eventsPerSec: round(eventsPerSec), awardsPerEvent: round(awards / EVENTS, 2), typeMatchOnlyPerSec: round(typeMatchOnlyPerSec), ratio: round(eventsPerSec / typeMatchOnlyPerSec, 3) };
}

export function printRulesBench(r: RulesBenchResult): string {
  return `rules engine, one core, ${r.rules} rules: ${r.eventsPerSec.toLocaleString('en')} events/s (${r.awardsPerEvent} awards/event); type-match-only loop ${r.typeMatchOnlyPerSec.toLocaleString('en')}/s; ratio ${r.ratio}`;
}

if (require.main === module) process.stdout.write(`${printRulesBench(benchRules())}\n`);
