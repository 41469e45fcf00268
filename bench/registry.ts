/**
 * Normalise + validate throughput on one core (issue: ≥ 100,000 events/s), with a raw baseline
 * measured in the same run: a bare ajv validation of the same payload (no dialect mapping, no ids).
 * `npm run bench:registry`; also printed by `npm run bench`. Median of BENCH_REPEATS runs.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { createAjv, EventNormalizer, loadRegistry, type IngestProfile } from '@questline/schema-registry';
import { median, round } from './lib/stats';

export interface RegistryBenchResult {
  dialect: string;
  eventsPerSec: number;
  rawAjvPerSec: number;
  ratio: number;
}

export function benchRegistry(n = Number(process.env['BENCH_REGISTRY_EVENTS'] ?? 200_000), repeats = Number(process.env['BENCH_REPEATS'] ?? 5)): RegistryBenchResult[] {
  const registry = loadRegistry(join(__dirname, '../event-schemas'));
  const normalizer = new EventNormalizer(registry);
  const tektree: IngestProfile = { tenantId: 'bench', namespace: 'tektree', dialects: ['canonical', 'tektree', 'cloudevents'], stripTypePrefixes: ['com.tektree.'] };
  const now = new Date();
  const at = new Date(now.getTime() - 1000).toISOString();
  const payload = { question_id: 'q-1', answer_id: 'a-1', answer_author_id: 'alice', accepted_by: 'bob' };
  const events: [string, IngestProfile, (i: number) => Record<string, unknown>, string | undefined][] = [
    ['canonical', tektree, (i) => ({ type: 'knowledge.answer.accepted', userId: 'bob', idempotencyKey: `k-${i}`, occurredAt: at, payload }), undefined],
    ['tektree', tektree, () => ({ event_id: randomUUID(), event_type: 'knowledge.answer.accepted', event_version: '1.0.0', timestamp: at, source_service: 'knowledge', payload }), undefined],
    ['cloudevents', tektree, (i) => ({ specversion: '1.0', id: `ce-${i}`, source: '/k', type: 'com.tektree.knowledge.answer.accepted', time: at, subject: 'bob', data: payload }), 'application/cloudevents+json'],
  ];
  const ajv = createAjv();
  const rawValidate = ajv.compile(registry.documents().find((d) => d.metadata.type === 'knowledge.answer.accepted')!.schema);
  const results: RegistryBenchResult[] = [];
  for (const [dialect, profile, make, contentType] of events) {
    const inputs = Array.from({ length: 1000 }, (_, i) => make(i));
    const rates: number[] = [];
    const raws: number[] = [];
    for (let r = 0; r < repeats; r++) {
      let t0 = performance.now();
      for (let i = 0; i < n; i++) normalizer.normalize(inputs[i % 1000], profile, { receivedAt: now, contentType, transport: 'bench' });
      rates.push(n / ((performance.now() - t0) / 1000));
      t0 = performance.now();
      for (let i = 0; i < n; i++) if (!rawValidate(payload)) throw new Error('invalid');
      raws.push(n / ((performance.now() - t0) / 1000));
    }
    const eventsPerSec = median(rates);
    const rawAjvPerSec = median(raws);
    results.push({ dialect, eventsPerSec: round(eventsPerSec, 0), rawAjvPerSec: round(rawAjvPerSec, 0), ratio: round(eventsPerSec / rawAjvPerSec, 3) });
  }
  return results;
}

export function printRegistryBench(results: RegistryBenchResult[]): string {
  return [
    'normalise + validate, one core (median of runs; raw = bare ajv on the same payload)',
    ...results.map((r) => `  ${r.dialect.padEnd(12)} ${r.eventsPerSec.toLocaleString('en')} events/s   raw ajv ${r.rawAjvPerSec.toLocaleString('en')}/s   ratio ${r.ratio}`),
  ].join('\n');
}

if (require.main === module) process.stdout.write(`${printRegistryBench(benchRegistry())}\n`);
