import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import type { ValidationFailedError } from '@questline/contracts';
import { loadRegistry } from '../registry/load-registry';
import { EventNormalizer, EVENT_ID_NAMESPACE, canonicalEventId, SYSTEM_SUBJECT, type IngestProfile } from './normalize-event';

const registry = loadRegistry(join(__dirname, '../../../../event-schemas'));
const normalizer = new EventNormalizer(registry);
const receivedAt = new Date('2026-11-24T10:00:00.000Z');
const at = '2026-11-24T09:59:00.000Z';
const profile = (namespace: string, dialects: string[], extra: Partial<IngestProfile> = {}): IngestProfile => ({ tenantId: `t-${namespace}`, namespace, dialects, ...extra });
const run = (raw: unknown, p: IngestProfile, contentType?: string) => normalizer.normalize(raw, p, { receivedAt, contentType, transport: 'http' });

function refused(fn: () => unknown): ValidationFailedError {
  try {
    fn();
  } catch (err) {
    return err as ValidationFailedError;
  }
  throw new Error('expected the event to be refused');
}

const tektree = profile('tektree', ['canonical', 'tektree', 'cloudevents'], { stripTypePrefixes: ['com.tektree.'] });
const engagement = profile('engagement', ['engagement']);
const austa = profile('austa', ['austa']);
const dxvas = profile('dxvas', ['dxvas']);
const unofficial = profile('unofficial', ['unofficial']);

const engagementEvent = (over: Record<string, unknown> = {}) => ({
  event_id: 'evt-0001',
  event_name: 'practice_points_computed_event',
  occurred_at: at,
  user_id: 'learner-1',
  source_module: 'practice',
  context_scope: 'lesson',
  idempotency_key: 'practice-points-0001',
  rule_version: 'v3',
  axis_type: 'duration',
  axis_value: 12.5,
  qualified_activity_count: 3,
  effective_learning_minutes: 12,
  normalized_score_profile_id: 'nsp-1',
  ...over,
});

describe('EventNormalizer: the seeds\' dialects map onto the canonical envelope', () => {
  it('canonical (Questline\'s own shape)', () => {
    const { envelope } = run({ type: 'knowledge.answer.accepted', userId: 'bob', idempotencyKey: 'accept-0001', occurredAt: at, payload: { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' }, meta: { app: 'web' } }, tektree);
    expect(envelope).toEqual({
      id: canonicalEventId('t-tektree', 'accept-0001'),
      type: 'knowledge.answer.accepted',
      schemaVersion: 1,
      tenantId: 't-tektree',
      userId: 'bob',
      occurredAt: at,
      receivedAt: receivedAt.toISOString(),
      source: 'http',
      idempotencyKey: 'accept-0001',
      payload: { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' },
      meta: { dialect: 'canonical', app: 'web' },
    });
  });

  it('TekTree (seed 001): semver event_version, subject from the payload, event_id as idempotency key', () => {
    const eventId = randomUUID();
    const { envelope } = run(
      { event_id: eventId, event_type: 'social.content.liked', event_version: '1.2.0', timestamp: at, source_service: 'social-service', trace_id: 'trace-1', correlation_id: 'corr-1', producer_id: 'social-7', payload: { content_id: 'c1', content_author_id: 'alice', liker_id: 'bob' } },
      tektree,
    );
    expect(envelope).toMatchObject({ type: 'social.content.liked', schemaVersion: 1, userId: 'bob', idempotencyKey: eventId, externalId: eventId, source: 'social-service', correlationId: 'corr-1', traceId: 'trace-1' });
    expect(envelope.meta).toMatchObject({ dialect: 'tektree', event_version: '1.2.0', producer_id: 'social-7' });
  });

  it('Engagement Platform (seed 000): flat fields become the payload; rule_version and context in meta', () => {
    const { envelope } = run(engagementEvent(), engagement);
    expect(envelope).toMatchObject({ type: 'practice_points_computed_event', userId: 'learner-1', source: 'practice', idempotencyKey: 'practice-points-0001', externalId: 'evt-0001' });
    expect(envelope.payload).toEqual({ axis_type: 'duration', axis_value: 12.5, qualified_activity_count: 3, effective_learning_minutes: 12, normalized_score_profile_id: 'nsp-1' });
    expect(envelope.meta).toEqual({ dialect: 'engagement', context_scope: 'lesson', rule_version: 'v3' });
  });

  it('AUSTA (seed 002): data payload, journey as source, version.schemaVersion', () => {
    const userId = randomUUID();
    const { envelope } = run({ id: 'austa-evt-0001', type: 'APPOINTMENT_BOOKED', userId, timestamp: at, journey: 'care', data: { appointmentId: 'ap-1', providerId: 'pr-1', appointmentType: 'IN_PERSON', scheduledDate: at, status: 'SCHEDULED' }, version: { schemaVersion: '1.0.0' } }, austa);
    expect(envelope).toMatchObject({ type: 'APPOINTMENT_BOOKED', userId, source: 'care', schemaVersion: 1, idempotencyKey: 'austa-evt-0001' });
  });

  it('DX-VAS (seed 003): the .v<N> suffix is the schema version; flat fields are the payload', () => {
    const { envelope } = run({ event: 'vas.lms.lesson_completed.v1', event_id: 'dx-0001', timestamp: at, tenant_id: 'school-1', user_id: 'stu-9', lesson_id: 'l-1' }, dxvas);
    expect(envelope).toMatchObject({ type: 'vas.lms.lesson_completed', schemaVersion: 1, userId: 'stu-9', idempotencyKey: 'dx-0001' });
    expect(envelope.payload).toMatchObject({ lesson_id: 'l-1' });
    expect(envelope.meta).toEqual({ dialect: 'dxvas', tenant_id: 'school-1' });
  });

  it('Unofficial Communities (seed 004): properties payload; anonymous users become anon:<id>', () => {
    const base = { event_id: randomUUID(), event_name: 'gamification.mission.completed', timestamp: at, source: 'api', environment: 'production', community_id: 4, properties: { mission_type: 'send_messages', xp_awarded: 50, community_id: 4 } };
    expect(run({ ...base, identity_id: 42 }, unofficial).envelope).toMatchObject({ userId: '42', source: 'api', type: 'gamification.mission.completed' });
    expect(run({ ...base, identity_id: null, anonymous_id: 'a'.repeat(64) }, unofficial).envelope.userId).toBe(`anon:${'a'.repeat(64)}`);
  });

  it('CloudEvents 1.0 structured mode: content type selects the dialect; reverse-DNS prefix stripped; traceparent', () => {
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const { envelope } = run(
      { specversion: '1.0', id: 'ce-0001', source: '/knowledge', type: 'com.tektree.knowledge.answer.accepted', time: at, subject: 'bob', traceparent: `00-${trace}-00f067aa0ba902b7-01`, dataschema: 'https://questline.dev/event-schemas/tektree/knowledge.answer.accepted/v1', data: { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' } },
      tektree,
      'application/cloudevents+json; charset=utf-8',
    );
    expect(envelope).toMatchObject({ type: 'knowledge.answer.accepted', schemaVersion: 1, userId: 'bob', idempotencyKey: 'ce-0001', source: '/knowledge', traceId: trace });
  });

  it('events about no user (schema subject: none) get the system subject', () => {
    const { envelope } = run({ event: 'vas.report.generated.v1', event_id: 'rep-0001', timestamp: at, report_id: 'r1', report_type: 'weekly' }, dxvas);
    expect(envelope.userId).toBe(SYSTEM_SUBJECT);
  });
});

describe('EventNormalizer: versions, upcasters and deprecations', () => {
  it('upcasts DX-VAS vas.user.created v1 → v2 (role → roles[], user_type defaulted) and flags v1 as deprecated', () => {
    const { envelope, sentVersion, notices } = run({ event: 'vas.user.created.v1', event_id: 'u-0001', timestamp: at, user_id: 'admin-1', email: 'a@b.co', full_name: 'A B', role: 'teacher' }, dxvas);
    expect(sentVersion).toBe(1);
    expect(envelope.schemaVersion).toBe(2);
    expect(envelope.payload).toEqual({ email: 'a@b.co', full_name: 'A B', roles: ['teacher'], user_type: 'unspecified' });
    expect(envelope.meta['upcastFrom']).toBe(1);
    expect(notices).toEqual([expect.objectContaining({ kind: 'deprecated_version', alias: 'vas.user.created@v1' })]);
    expect(registry.validate('dxvas', 'vas.user.created', envelope.payload, 2).version).toBe(2);
  });

  it('upcasts AUSTA HEALTH_METRIC_RECORDED version by version: v1 → v3, v2 → v3, v3 unchanged', () => {
    const ev = (schemaVersion: string, data: Record<string, unknown>) => ({ id: `hm-${schemaVersion}-0001`, type: 'HEALTH_METRIC_RECORDED', userId: randomUUID(), timestamp: at, journey: 'health', data, version: { schemaVersion } });
    const v3 = { metricType: 'HEART_RATE', measurement: { value: 72, unit: 'bpm' }, source: 'MANUAL' };
    expect(run(ev('1.0.0', { metricType: 'HEART_RATE', value: 72, unit: 'bpm' }), austa).envelope.payload).toEqual(v3);
    expect(run(ev('2.1.0', { metricType: 'HEART_RATE', measurement: { value: 72, unit: 'bpm' } }), austa).envelope.payload).toEqual(v3);
    expect(run(ev('3.0.0', { ...v3, source: 'WEARABLE' }), austa).envelope.payload).toEqual({ ...v3, source: 'WEARABLE' });
    // No version (seed 002 §5.3: an older format): read as the oldest version and upcast.
    expect(run({ ...ev('x', { metricType: 'HEART_RATE', value: 72, unit: 'bpm' }), version: undefined }, austa).envelope.payload).toEqual(v3);
  });
});

describe('EventNormalizer: seed 003 (DX-VAS) ADR-030 §3.6 as written', () => {
  // The audit event of §3.6: no event_id; its schema requires tenant_id and source_service.
  const audit = () => ({ event: 'vas.audit.persisted.v1', log_id: 'bq-123', tenant_id: 'school-7', timestamp: at, source_service: 'lms', action_type: 'grade.updated' });

  it('accepts the example without event_id, keyed by its content; refuses it without tenant_id or source_service, at their pointers', () => {
    const { envelope } = run(audit(), dxvas);
    expect(envelope).toMatchObject({ type: 'vas.audit.persisted', payload: { log_id: 'bq-123', source_service: 'lms', action_type: 'grade.updated' }, meta: { tenant_id: 'school-7' } });
    expect(envelope.idempotencyKey).toMatch(/^dxvas:[A-Za-z0-9_-]{43}$/);
    expect(run(audit(), dxvas).envelope.id).toBe(envelope.id);
    expect(run({ ...audit(), log_id: 'bq-124' }, dxvas).envelope.id).not.toBe(envelope.id);
    for (const field of ['tenant_id', 'source_service'] as const) {
      const { [field]: _omitted, ...without } = audit();
      expect(refused(() => run(without, dxvas))).toMatchObject({ code: 'invalid_envelope', errors: expect.arrayContaining([expect.objectContaining({ pointer: `/${field}` })]) });
    }
  });
});

describe('EventNormalizer: seed 002 (AUSTA) producers as the seed writes them', () => {
  // §10.1 "Producing Events", verbatim but for the enum constants and new Date() as JSON sends them.
  const seedExample = () => ({
    type: 'HEALTH_METRIC_RECORDED',
    userId: '3f1c9a52-8d4e-4b7a-9c1e-2b5d6f7a8c90',
    timestamp: at,
    journey: 'health',
    data: { metricType: 'HEART_RATE', value: 75, unit: 'bpm', source: 'WEARABLE' },
  });

  it('accepts the §10.1 example (no id, no version): read as the oldest version, upcast, keyed by its content', () => {
    const { envelope } = run(seedExample(), austa);
    expect(envelope).toMatchObject({ type: 'HEALTH_METRIC_RECORDED', schemaVersion: 3, payload: { metricType: 'HEART_RATE', measurement: { value: 75, unit: 'bpm' }, source: 'WEARABLE' } });
    expect(envelope.idempotencyKey).toMatch(/^austa:[A-Za-z0-9_-]{43}$/);
    // The same event sent again is the same event; any change is another.
    expect(run(seedExample(), austa).envelope.id).toBe(envelope.id);
    expect(run({ ...seedExample(), data: { ...seedExample().data, value: 76 } }, austa).envelope.id).not.toBe(envelope.id);
    expect(run({ ...seedExample(), id: 'evt-1' }, austa).envelope.idempotencyKey).toBe('evt-1');
  });

  it('journey is an optional string: absent, null or another journey name pass; one that contradicts the type guard is refused at /journey', () => {
    expect(run({ ...seedExample(), journey: undefined }, austa).envelope.type).toBe('HEALTH_METRIC_RECORDED');
    expect(run({ ...seedExample(), journey: null }, austa).envelope.type).toBe('HEALTH_METRIC_RECORDED');
    expect(run({ ...seedExample(), type: 'DAILY_LOGIN', journey: 'user', data: {} }, austa).envelope.type).toBe('DAILY_LOGIN');
    const wrong = refused(() => run({ ...seedExample(), journey: 'care' }, austa));
    expect(wrong).toMatchObject({ code: 'type_guard_failed', errors: [{ pointer: '/journey', detail: 'must be "health" for a HealthEventType event' }] });
  });

  it('a payload value outside its enum is refused naming the values that would pass', () => {
    const err = refused(() => run({ type: 'JOURNEY_SWITCHED', userId: '3f1c9a52-8d4e-4b7a-9c1e-2b5d6f7a8c90', timestamp: at, journey: 'user', data: { fromJourney: 'health', toJourney: 'comment' } }, austa));
    expect(err.errors).toContainEqual({ pointer: expect.stringMatching(/\/toJourney$/), detail: 'must be one of: "health", "care", "plan"' });
  });

  it('accepts the deprecated alias vocab_points, reports it, and never emits it (seed 000)', () => {
    const { envelope, notices } = run(engagementEvent({ event_name: 'practice_points_computed_event', axis_type: 'vocab_points' }), engagement);
    expect(envelope.payload['axis_type']).toBe('vocab_care_points');
    expect(JSON.stringify(envelope)).not.toContain('vocab_points"');
    expect(notices).toEqual([expect.objectContaining({ kind: 'value_alias', alias: 'vocab_points' })]);
  });
});

describe('EventNormalizer: bad input gets a precise, machine-readable error', () => {
  const cases: [string, () => unknown, string, string][] = [
    ['not an object', () => run([1, 2], tektree), 'invalid_event', ''],
    ['no dialect matches', () => run({ hello: 'world' }, tektree), 'unknown_envelope', ''],
    ['an Engagement event without a field its envelope is recognised by names that field', () => run(engagementEvent({ context_scope: undefined }), engagement), 'unknown_envelope', '/context_scope'],
    ['unknown type', () => run({ type: 'knowledge.nope', userId: 'u', idempotencyKey: 'key-00001', occurredAt: at, payload: {} }, tektree), 'unknown_event_type', '/type'],
    ['unknown version', () => run({ type: 'knowledge.answer.accepted', schemaVersion: 7, userId: 'u', idempotencyKey: 'key-00001', occurredAt: at, payload: {} }, tektree), 'unknown_schema_version', '/schemaVersion'],
    ['wrong payload type', () => run({ type: 'knowledge.answer.accepted', userId: 'u', idempotencyKey: 'key-00001', occurredAt: at, payload: { question_id: 5, answer_id: 'a', answer_author_id: 'b' } }, tektree), 'schema_validation_failed', '/payload/question_id'],
    ['gate 3: missing rule_version', () => run(engagementEvent({ rule_version: undefined }), engagement), 'invalid_envelope', '/rule_version'],
    ['batch event without batch_job_id', () => run(engagementEvent({ context_scope: 'batch' }), engagement), 'invalid_envelope', '/batch_job_id'],
    ['gate 4: idempotency key with spaces', () => run(engagementEvent({ idempotency_key: 'has spaces here' }), engagement), 'invalid_envelope', '/idempotency_key'],
    ['TekTree event_id not a UUID v4', () => run({ event_id: 'nope', event_type: 'user.registered', event_version: '1.0.0', timestamp: at, source_service: 's', payload: { user_id: 'u' } }, tektree), 'invalid_envelope', '/event_id'],
    ['naming convention', () => run(engagementEvent({ event_name: 'PracticePointsComputed' }), engagement), 'naming_convention_violated', '/event_name'],
    ['DX-VAS name without version suffix', () => run({ event: 'vas.lms.lesson_completed', event_id: 'dx-0001', timestamp: at, user_id: 'u' }, dxvas), 'invalid_envelope', '/event'],
    ['oversize payload', () => run({ type: 'knowledge.answer.accepted', userId: 'u', idempotencyKey: 'key-00001', occurredAt: at, payload: { question_id: 'x'.repeat(70_000), answer_id: 'a', answer_author_id: 'b' } }, tektree), 'payload_too_large', '/payload'],
    ['event time in the future', () => run({ type: 'knowledge.answer.accepted', userId: 'u', idempotencyKey: 'key-00001', occurredAt: '2026-11-24T11:00:00Z', payload: { question_id: 'q', answer_id: 'a', answer_author_id: 'b' } }, tektree), 'occurred_at_in_future', '/occurredAt'],
    ['NUL in a payload string (Postgres refuses it: it must fail this event only)', () => run({ type: 'knowledge.answer.accepted', userId: 'u', idempotencyKey: 'key-00001', occurredAt: at, payload: { question_id: 'q\u0000', answer_id: 'a', answer_author_id: 'b' } }, tektree), 'invalid_text', '/payload/question_id'],
    ['lone surrogate in the user id', () => run({ type: 'knowledge.answer.accepted', userId: 'u\ud800', idempotencyKey: 'key-00001', occurredAt: at, payload: { question_id: 'q', answer_id: 'a', answer_author_id: 'b' } }, tektree), 'invalid_text', '/userId'],
    ['__proto__ key', () => run(JSON.parse('{"type":"knowledge.answer.accepted","userId":"u","idempotencyKey":"key-00001","occurredAt":"2026-11-24T09:59:00Z","payload":{"question_id":"q","answer_id":"a","answer_author_id":"b","__proto__":{"x":1}}}'), tektree), 'forbidden_key', '/payload/__proto__'],
    ['event time before 1970', () => run({ type: 'knowledge.answer.accepted', userId: 'u', idempotencyKey: 'key-00001', occurredAt: '0000-01-01T00:00:00Z', payload: { question_id: 'q', answer_id: 'a', answer_author_id: 'b' } }, tektree), 'occurred_at_too_old', '/occurredAt'],
    ['event older than the tenant allows', () => run({ type: 'knowledge.answer.accepted', userId: 'u', idempotencyKey: 'key-00001', occurredAt: '2026-01-01T00:00:00Z', payload: { question_id: 'q', answer_id: 'a', answer_author_id: 'b' } }, { ...tektree, maxEventAgeMs: 30 * 86_400_000 }), 'occurred_at_too_old', '/occurredAt'],
    ['no subject', () => run({ event_id: randomUUID(), event_type: 'knowledge.answer.accepted', event_version: '1.0.0', timestamp: at, source_service: 's', payload: { question_id: 'q', answer_id: 'a', answer_author_id: 'b' } }, tektree), 'missing_subject', '/metadata/user_id'],
    ['CloudEvents dataschema without a version at its end', () => run({ specversion: '1.0', id: 'e1', source: 's', type: 'com.tektree.knowledge.answer.accepted', time: at, subject: 'u', dataschema: 'https://schemas.example/answer', data: {} }, tektree), 'invalid_envelope', '/dataschema'],
  ];
  it.each(cases)('%s', (_name, fn, code, pointer) => {
    const err = refused(fn);
    expect(err.code).toBe(code);
    expect(err.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it("says which version is wrong and how: a dialect's version read from its own path", () => {
    const err = refused(() => run({ specversion: '1.0', id: 'e1', source: 's', type: 'com.tektree.knowledge.answer.accepted', time: at, subject: 'u', dataschema: 'https://schemas.example/answer/v1.x', data: {} }, tektree));
    expect(err.message).toBe('Invalid schema version in the cloudevents envelope.');
    expect(err.errors).toEqual([{ pointer: '/dataschema', detail: 'must end in /v<N>' }]);
  });
});

describe('EventNormalizer: a namespace logical key (seed 003 dual-publish)', () => {
  const created = (version: 1 | 2, extra: Record<string, unknown>) => ({
    event: `vas.user.created.v${version}`,
    event_id: `e-${version}-${String(extra['n'] ?? 0)}`,
    timestamp: at,
    user_id: 'u-1',
    email: 'a@b.co',
    full_name: 'A B',
    ...(version === 1 ? { role: 'teacher' } : { roles: ['teacher'], user_type: 'staff' }),
    ...extra,
  });

  it('gives the v1 and v2 copies of one logical event one idempotency key (and id), other logical events another', () => {
    const a = run(created(1, { logical_event_id: 'L-1' }), dxvas).envelope;
    const b = run(created(2, { logical_event_id: 'L-1' }), dxvas).envelope;
    expect(a.idempotencyKey).toMatch(/^logical:[A-Za-z0-9_-]{43}$/);
    expect(b.id).toBe(a.id);
    expect(run(created(2, { logical_event_id: 'L-2' }), dxvas).envelope.id).not.toBe(a.id);
    // Another type with the same logical id is another event.
    expect(run({ event: 'vas.auth.login_success.v1', event_id: 'x', timestamp: at, user_id: 'u-1', auth_method: 'google', logical_event_id: 'L-1' }, dxvas).envelope.id).not.toBe(a.id);
  });

  it('without the logical key, the producer id decides as before', () => {
    const a = run(created(1, { n: 1 }), dxvas).envelope;
    expect(a.idempotencyKey).toBe('e-1-1');
    expect(run(created(2, { n: 2 }), dxvas).envelope.id).not.toBe(a.id);
  });
});

describe('EventNormalizer: counts-only events (seed 004 §2.5)', () => {
  const sent = (properties: Record<string, unknown>) => ({
    event_id: '550e8400-e29b-41d4-a716-446655440009',
    event_name: 'whatsapp.message.sent',
    timestamp: at,
    source: 'webhooks',
    environment: 'production',
    identity_id: 7,
    properties,
  });

  it('keeps only the declared properties: message text and anything else undeclared is never stored; consents and PII are reported', () => {
    const r = run(sent({ community_id: 1, identity_id: 7, timestamp_bucket: '2026-01-14', text: 'hello secret', attachments: [{ url: 'x' }] }), unofficial);
    expect(r.envelope.payload).toEqual({ community_id: 1, identity_id: 7, timestamp_bucket: '2026-01-14' });
    expect(JSON.stringify(r.envelope)).not.toContain('hello secret');
    expect(r.consents).toEqual(['whatsapp_activity']);
    expect(r.pii).toEqual(['/identity_id']);
  });

  it('leaves other events whole', () => {
    const r = run({ ...sent({ method: 'invite', community_id: 1, note: 'kept' }), event_name: 'community.member.joined' }, unofficial);
    expect(r.envelope.payload).toEqual({ method: 'invite', community_id: 1, note: 'kept' });
    expect(r.consents).toEqual([]);
  });
});

describe("EventNormalizer: an event's user id follows the platform's one rule (contracts' userIdProblem)", () => {
  const accepted = (userId: unknown) => ({ type: 'knowledge.answer.accepted', userId, idempotencyKey: 'key-00001', occurredAt: at, payload: { question_id: 'q', answer_id: 'a', answer_author_id: 'b' } });
  const dx = (over: Record<string, unknown>) => ({ event: 'vas.lms.lesson_completed.v1', event_id: 'dx-0001', timestamp: at, lesson_id: 'l-1', ...over });
  // Each refusal points at the field the producer filled, in its own envelope: the second of a
  // dialect's alternatives when that is the one present, the payload's subject field when the
  // envelope names no user.
  // Lengths are refused first by the envelopes whose schema bounds the field (canonical, unofficial): invalid_envelope, same pointer.
  const cases: [string, () => unknown, string, string?][] = [
    ["the platform's placeholder for unlinked events", () => run(accepted('_unlinked'), tektree), '/userId'],
    ["retention's placeholder", () => run(accepted('_anonymised'), tektree), '/userId'],
    ["the system subject, sent by a producer", () => run(dx({ user_id: '_system' }), dxvas), '/user_id'],
    ["an erased user's pseudonym", () => run(accepted('deleted:0d6d6f3c-7f63-4d8e-9d1c-1f1f2b8f9e11'), tektree), '/userId'],
    ['129 characters', () => run(accepted('u'.repeat(129)), tektree), '/userId', 'invalid_envelope'],
    ['129 characters where the envelope allows more (CloudEvents subject: 200)', () => run({ specversion: '1.0', id: 'ce-0001', source: '/k', type: 'com.tektree.knowledge.answer.accepted', time: at, subject: 's'.repeat(129), data: { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' } }, tektree, 'application/cloudevents+json'), '/subject'],
    ['a control character', () => run(accepted('bob\nadmin'), tektree), '/userId'],
    ['CloudEvents: subject (the second alternative, no userid)', () => run({ specversion: '1.0', id: 'ce-0001', source: '/k', type: 'com.tektree.knowledge.answer.accepted', time: at, subject: '_unlinked', data: { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' } }, tektree, 'application/cloudevents+json'), '/subject'],
    ['DX-VAS: actor_id (the second alternative, no user_id)', () => run(dx({ actor_id: '_x' }), dxvas), '/actor_id'],
    ['TekTree: metadata.userId (the second alternative)', () => run({ event_id: randomUUID(), event_type: 'user.registered', event_version: '1.0.0', timestamp: at, source_service: 's', metadata: { userId: 'x'.repeat(200) }, payload: { user_id: 'u' } }, tektree), '/metadata/userId'],
    ["TekTree: the schema's subject field in the payload", () => run({ event_id: randomUUID(), event_type: 'social.content.liked', event_version: '1.0.0', timestamp: at, source_service: 's', payload: { content_id: 'c1', content_author_id: 'alice', liker_id: '_unlinked' } }, tektree), '/payload/liker_id'],
    ['Unofficial: an anonymous id too long once prefixed (anon:)', () => run({ event_id: randomUUID(), event_name: 'gamification.mission.completed', timestamp: at, source: 'api', environment: 'production', community_id: 4, identity_id: null, anonymous_id: 'a'.repeat(124), properties: { mission_type: 'send_messages', xp_awarded: 50, community_id: 4 } }, unofficial), '/anonymous_id', 'invalid_envelope'],
  ];
  it.each(cases)('refuses %s: 422 with a stable code, pointer into the envelope as sent', (_name, fn, pointer, code = 'invalid_user_id') => {
    const err = refused(fn);
    expect(err.code).toBe(code);
    expect(err.errors).toEqual([{ pointer, detail: expect.any(String) }]);
  });

  it('accepts 128 characters, any script and ids that merely contain _ or deleted:', () => {
    for (const id of ['u'.repeat(128), 'Nguyễn Văn A', '用户-42', 'a_b', 'user_deleted:1', '😀'.repeat(64)]) expect(run(accepted(id), tektree).envelope.userId).toBe(id);
  });
});

describe('canonicalEventId', () => {
  it('is the UUID v5 of "<tenant>\\n<idempotency key>" the uuid package gives for the text itself (stored ids never change)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (tenantId, key) => {
        fc.pre(!/[\uD800-\uDFFF]/.test(`${tenantId}${key}`.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')));
        expect(canonicalEventId(tenantId, key)).toBe(uuidv5(`${tenantId}\n${key}`, EVENT_ID_NAMESPACE));
      }),
      { numRuns: 2000 },
    );
    // A pinned id: what every release has stored for this key.
    expect(canonicalEventId('tektree-demo', 'accept-0001')).toBe('60e719d3-e761-55db-bfd9-a4f9f0593eed');
  });

  it('refuses a key with a lone surrogate, as it always did, rather than give it the id of the key with U+FFFD in its place', () => {
    for (const key of ['a\uD800b', 'a\uDC00b', '\uD83D']) expect(() => canonicalEventId('t', key)).toThrow(URIError);
    expect(canonicalEventId('t', 'a\uFFFDb')).toBe(uuidv5('t\na\uFFFDb', EVENT_ID_NAMESPACE));
  });
});
