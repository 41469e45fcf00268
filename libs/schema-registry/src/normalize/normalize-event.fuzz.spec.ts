import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { ValidationFailedError } from '@questline/contracts';
import { loadRegistry } from '../registry/load-registry';
import { EventNormalizer, type IngestProfile } from './normalize-event';

jest.setTimeout(120_000);
const registry = loadRegistry(join(__dirname, '../../../../event-schemas'));
const normalizer = new EventNormalizer(registry);
const at = '2026-11-24T09:59:00.000Z';
const receivedAt = new Date('2026-11-24T10:00:00.000Z');

/** One valid event per dialect; the fuzzer mutates these. */
const seeds: [IngestProfile, Record<string, unknown>][] = [
  [{ tenantId: 't1', namespace: 'tektree', dialects: ['canonical', 'tektree', 'cloudevents'] }, { type: 'knowledge.answer.accepted', userId: 'bob', idempotencyKey: 'k-1', occurredAt: at, payload: { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' } }],
  [{ tenantId: 't1', namespace: 'tektree', dialects: ['canonical', 'tektree', 'cloudevents'] }, { event_id: '0b6f7a0c-4c0e-4d7e-9a43-6c1f0e2b7a10', event_type: 'social.content.liked', event_version: '1.0.0', timestamp: at, source_service: 's', payload: { content_id: 'c', content_author_id: 'alice', liker_id: 'bob' } }],
  [{ tenantId: 't1', namespace: 'tektree', dialects: ['cloudevents'] }, { specversion: '1.0', id: 'ce-1', source: '/x', type: 'knowledge.answer.accepted', time: at, subject: 'bob', data: { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' } }],
  [{ tenantId: 't2', namespace: 'engagement', dialects: ['engagement'] }, { event_id: 'e1', event_name: 'practice_points_computed_event', occurred_at: at, user_id: 'u', source_module: 'practice', context_scope: 'lesson', idempotency_key: 'ik-1', rule_version: 'v1', axis_type: 'vocab_points', axis_value: 3, qualified_activity_count: 1, effective_learning_minutes: 2, normalized_score_profile_id: 'n' }],
  [{ tenantId: 't3', namespace: 'austa', dialects: ['austa'] }, { id: 'a-1', type: 'HEALTH_METRIC_RECORDED', userId: '0b6f7a0c-4c0e-4d7e-9a43-6c1f0e2b7a10', timestamp: at, journey: 'health', data: { metricType: 'HEART_RATE', value: 70, unit: 'bpm' }, version: { schemaVersion: '1.0.0' } }],
  [{ tenantId: 't4', namespace: 'dxvas', dialects: ['dxvas'] }, { event: 'vas.user.created.v1', event_id: 'd-1', timestamp: at, user_id: 'u', email: 'a@b.co', full_name: 'A', role: 'teacher' }],
  [{ tenantId: 't5', namespace: 'unofficial', dialects: ['unofficial'] }, { event_id: '0b6f7a0c-4c0e-4d7e-9a43-6c1f0e2b7a10', event_name: 'gamification.streak.milestone', timestamp: at, source: 'api', environment: 'production', identity_id: 7, properties: { milestone: 7, bonus_xp: 50, community_id: 1 } }],
];

type Path = (string | number)[];
function paths(v: unknown, prefix: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [prefix];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [prefix, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...prefix, k]))];
}
function mutate(base: Record<string, unknown>, path: Path, op: 'delete' | 'replace' | 'add', value: unknown): unknown {
  if (path.length === 0) return op === 'replace' ? value : base;
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (op === 'delete') delete cur[last];
  else if (op === 'replace') cur[last] = value;
  else if (cur[last] && typeof cur[last] === 'object') (cur[last] as Record<string, unknown>)['zz_fuzz'] = value;
  return copy;
}

function heapAfterGc(): number {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('EventNormalizer under 10,000 mutated events', () => {
  it('either normalises or refuses with a precise error; never throws anything else; does not leak', () => {
    let accepted = 0;
    let refused = 0;
    const before = heapAfterGc();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.nat(),
        fc.constantFrom('delete' as const, 'replace' as const, 'add' as const),
        fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(null), fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())), fc.string({ minLength: 60_000, maxLength: 70_000 })),
        fc.option(fc.constantFrom('application/json', 'application/cloudevents+json', 'text/plain'), { nil: undefined }),
        (i, pick, op, value, contentType) => {
          const [profile, base] = seeds[i]!;
          const all = paths(base);
          const raw = mutate(base, all[pick % all.length]!, op, value);
          try {
            const { envelope } = normalizer.normalize(raw, profile, { receivedAt, contentType, transport: 'fuzz' });
            expect(typeof envelope.id).toBe('string');
            expect(envelope.userId.length).toBeGreaterThan(0);
            accepted++;
          } catch (err) {
            if (!(err instanceof ValidationFailedError)) throw err;
            expect(err.code).toMatch(/^[a-z_]+$/);
            expect(err.errors.length).toBeGreaterThan(0);
            for (const e of err.errors) expect(e.pointer).toMatch(/^(\/[^/]*)*$/);
            refused++;
          }
        },
      ),
      { numRuns: 10_000, seed: 20261124 },
    );
    const grown = heapAfterGc() - before;
    expect(accepted + refused).toBe(10_000);
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1_000);
    expect(grown).toBeLessThan(32 * 1024 * 1024);
  });
});
