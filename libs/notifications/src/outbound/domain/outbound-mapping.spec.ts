import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Topics, type CanonicalEnvelope, type PointsAwardedMessage, type ProgressUpdatedMessage } from '@questline/contracts';
import { parsePack, registryErrors, type Pack } from '@questline/rules';
import { compileTemplate, loadRegistry, templateReads } from '@questline/schema-registry';
import { compileOutbound, matchingEvents, outboundId, renderOutbound, type CompiledOutbound } from './outbound-mapping';
import { toOutcome, type Outcome } from './outcomes';

const ROOT = join(__dirname, '../../../../..');
const registry = loadRegistry(join(ROOT, 'event-schemas'));
const pack = (id: string) => parsePack(readFileSync(join(ROOT, 'packs', id, 'pack.yaml'), 'utf8'));
const compiled = (p: Pack) => {
  const out = compileOutbound(p, registry);
  if (!out || out instanceof Error) throw out ?? new Error('no outbound');
  return out;
};
const render = (p: Pack, o: Outcome, source?: CanonicalEnvelope) => {
  const out = compiled(p);
  return matchingEvents(out, o).map((e) => renderOutbound(out, e, o, p, source, registry));
};

const points = (over: Partial<PointsAwardedMessage> = {}): PointsAwardedMessage => ({
  kind: 'earn',
  tenantId: 't1',
  userId: '12345',
  eventId: '6f1c1a52-55a0-4c1e-9a1b-0d6f6b8f3c11',
  eventType: 'community.member.joined',
  currency: 'xp',
  amount: 20,
  ruleId: 'community-joined',
  ruleVersion: 1,
  ledgerKey: 'k-1',
  lifetime: 120,
  spendable: 120,
  net: 120,
  occurredAt: '2026-01-14T12:30:00.000Z',
  ...over,
});
const progress = (type: ProgressUpdatedMessage['type'], data: Record<string, unknown>, over: Partial<ProgressUpdatedMessage> = {}): ProgressUpdatedMessage => ({
  tenantId: 't1',
  userId: '12345',
  type,
  subject: 'daily',
  data,
  dedupKey: `${type}:1`,
  packVersion: 1,
  sourceEventId: '6f1c1a52-55a0-4c1e-9a1b-0d6f6b8f3c11',
  at: '2026-01-14T14:00:00.000Z',
  ...over,
});

describe('outbound templates', () => {
  it('reads paths, converts, spreads, falls back and leaves absent fields out', () => {
    const t = compileTemplate({
      a: '$x.y',
      n: '$s|int',
      bad: '$word|int',
      lit: 'plain',
      esc: '$$dollar',
      missing: '$nope',
      f: '$nope ?? $x.y',
      d: '$nope ?? fallback',
      v: '$v|semver',
      '...': '$rest',
      list: ['$x.y', '$nope'],
    });
    expect(
      t({
        x: { y: 'Y' },
        s: '7',
        word: 'seven',
        v: 2,
        rest: { r: 1, a: 'not me' },
      }),
    ).toEqual({
      a: 'Y',
      n: 7,
      lit: 'plain',
      esc: '$dollar',
      f: 'Y',
      d: 'fallback',
      v: '2.0.0',
      r: 1,
      list: ['Y'],
    });
  });
  it('names what a template reads at the top of the outcome, alternatives, arrays and spreads included, literals not', () => {
    expect([...templateReads({ a: '$event.payload.x|int', b: ['$userId', { c: '$scopes.community ?? $x ?? 0' }], '...': '$data', d: '$$literal', e: 7, f: 'plain' })].sort()).toEqual(
      ['data', 'event', 'scopes', 'userId', 'x'].sort(),
    );
    expect(templateReads(undefined).size).toBe(0);
  });

  it('refuses a bad expression with its pointer', () => {
    expect(() => compileTemplate({ a: { b: '$x|nope' } })).toThrow(/\/a\/b: unknown conversion "\|nope"/);
    expect(() => compileTemplate({ a: '$not a path' })).toThrow(/\/a: .* is not a path/);
  });
});

describe('outbound contracts of the seed packs', () => {
  it.each(['tektree', 'unofficial', 'engagement'])('%s: compiles against the registry, every event name registered', (id) => {
    const p = pack(id);
    expect(registryErrors(p, registry)).toEqual([]);
    expect(compileOutbound(p, registry)).not.toBeInstanceOf(Error);
  });

  it('knows which packs read the source event: engagement does (its payload copies event fields), TekTree and Unofficial do not', () => {
    expect(compiled(pack('engagement')).readsEvent).toBe(true);
    expect(compiled(pack('tektree')).readsEvent).toBe(false);
    expect(compiled(pack('unofficial')).readsEvent).toBe(false);
  });

  it('a pack naming an unregistered event or a dialect that cannot be written is refused', () => {
    const p = pack('tektree');
    const broken = {
      ...p,
      outbound: {
        ...p.outbound!,
        dialect: 'cloudevents',
        events: [{ ...p.outbound!.events[0]!, type: 'gamification.nope' }],
      },
    } as Pack;
    expect(registryErrors(broken, registry)).toEqual([
      {
        pointer: '/outbound/dialect',
        detail: expect.stringContaining('no outbound.envelope'),
      },
      {
        pointer: '/outbound/events/0/type',
        detail: expect.stringContaining('"gamification.nope" is not registered'),
      },
    ]);
  });

  it('a pack stored before the topic checks, writing into a Questline topic, does not compile (nothing is published there)', () => {
    const p = pack('tektree');
    for (const topic of ['questline.points.awarded.v1', 'questline_event_scored_v1', '__consumer_offsets']) {
      const stored = { ...p, outbound: { ...p.outbound!, events: [{ ...p.outbound!.events[0]!, topic }] } } as Pack;
      const out = compileOutbound(stored, registry);
      expect(out).toBeInstanceOf(Error);
      expect((out as Error).message).toContain(`/outbound/events/0/topic: "${topic}" is reserved`);
    }
  });

  it('TekTree (seed 001): XP earned as gamification.xp.earned in its own envelope, read back by its own dialect', () => {
    const o = toOutcome(
      Topics.PointsAwarded,
      points({
        tenantId: 'tek',
        userId: 'u-1',
        eventType: 'knowledge.answer.accepted',
        amount: 50,
        lifetime: 150,
      }),
    )!;
    const [r] = render(pack('tektree'), o);
    expect(r).toMatchObject({
      topic: 'tektree.gamification.events',
      key: 'u-1',
      type: 'gamification.xp.earned',
    });
    expect(r!.value).toMatchObject({
      event_id: r!.id,
      event_type: 'gamification.xp.earned',
      event_version: '1.0.0',
      source_service: 'gamification-service',
      metadata: { user_id: 'u-1' },
      payload: {
        user_id: 'u-1',
        amount: 50,
        total_xp: 150,
        source_event_type: 'knowledge.answer.accepted',
        source_event_id: o.eventId,
      },
    });
    const back = registry.dialect('tektree')!.map(r!.value);
    expect(back).toMatchObject({
      type: 'gamification.xp.earned',
      externalId: r!.id,
      userId: 'u-1',
    });
  });

  it('an entry of 0 (a penalty a currency floor held back entirely) is no outcome; a held part is one', () => {
    expect(toOutcome(Topics.PointsAwarded, points({ tenantId: 'tek', userId: 'u-1', amount: 0, kind: 'adjust' }))).toBeNull();
    expect(toOutcome(Topics.PointsAwarded, points({ tenantId: 'tek', userId: 'u-1', amount: -3, kind: 'adjust' }))).toMatchObject({ kind: 'points.adjusted', fields: { amount: -3 } });
  });

  it('TekTree: a level reached is gamification.level.up; a streak continued is gamification.streak.extended', () => {
    const level = toOutcome(Topics.AchievementUnlocked, {
      tenantId: 'tek',
      userId: 'u-1',
      achievementId: 'level-3',
      name: 'Level 3',
      sourceEventId: points().eventId,
      packVersion: 1,
      unlockedAt: '2026-01-14T12:30:00.000Z',
    })!;
    expect(render(pack('tektree'), level)[0]!.value['payload']).toEqual({
      user_id: 'u-1',
      previous_level: 2,
      new_level: 3,
    });
    const streak = toOutcome(Topics.ProgressUpdated, progress('streak.continued', { streak_day: 4 }, { userId: 'u-1' }))!;
    expect(render(pack('tektree'), streak)[0]).toMatchObject({
      type: 'gamification.streak.extended',
      value: { payload: { user_id: 'u-1', streak_days: 4 } },
    });
  });

  it('Unofficial (seed 004): community_id in the payload and the envelope, from the event dimension; identity_id an integer', () => {
    const o = toOutcome(Topics.ProgressUpdated, progress('mission.completed', { mission_type: 'send_messages', xp_awarded: 50, currency: 'xp' }, { scopes: { community: '1' } }))!;
    const [r] = render(pack('unofficial'), o);
    expect(r!.value).toEqual({
      event_id: r!.id,
      event_name: 'gamification.mission.completed',
      timestamp: '2026-01-14T14:00:00.000Z',
      source: 'api',
      environment: 'production',
      identity_id: 12345,
      community_id: 1,
      request_id: o.eventId,
      properties: {
        mission_type: 'send_messages',
        xp_awarded: 50,
        community_id: 1,
      },
    });
    expect(registry.dialect('unofficial')!.map(r!.value)).toMatchObject({
      type: 'gamification.mission.completed',
      userId: '12345',
    });
  });

  it('Unofficial: an unlock carries the community of the event that caused it (looked up, since unlock messages carry no scopes)', () => {
    const o = toOutcome(Topics.AchievementUnlocked, {
      tenantId: 'u',
      userId: '12345',
      achievementId: 'level-2',
      name: 'Level 2',
      sourceEventId: points().eventId,
      packVersion: 1,
      unlockedAt: '2026-01-14T12:30:00.000Z',
    })!;
    const source = {
      id: points().eventId,
      type: 'whatsapp.message.sent',
      tenantId: 'u',
      userId: '12345',
      payload: {},
      meta: { community_id: 9 },
    } as unknown as CanonicalEnvelope;
    expect(render(pack('unofficial'), o, source)[0]!.value).toMatchObject({
      community_id: 9,
      properties: { old_level: 1, new_level: 2, community_id: 9 },
    });
  });

  it('Unofficial: the global weekly board is not mapped; a community whose id is not an integer is refused by the tenant schema (dead-lettered, not sent malformed)', () => {
    const global = toOutcome(Topics.LeaderboardUpdated, { tenantId: 'u', board: 'community-weekly', window: 'weekly', scope: 'global', period: '2026-W03', total: 3, top: [], top3Changed: true, periodChanged: false, dedupKey: 'x', at: '2026-01-14T12:30:00.000Z' })!;
    expect(render(pack('unofficial'), global)).toEqual([]);
    const o = toOutcome(Topics.LeaderboardUpdated, {
      tenantId: 'u',
      board: 'community-weekly',
      window: 'weekly',
      scope: 'community:abc',
      period: '2026-W03',
      total: 3,
      top: [],
      top3Changed: true,
      periodChanged: false,
      dedupKey: 'x',
      at: '2026-01-14T12:30:00.000Z',
    })!;
    expect(() => render(pack('unofficial'), o)).toThrow(/Payload does not match gamification.ranking.updated/);
    const ok = toOutcome(Topics.LeaderboardUpdated, {
      tenantId: 'u',
      board: 'community-weekly',
      window: 'weekly',
      scope: 'community:4',
      period: '2026-W03',
      total: 3,
      top: [{ userId: '1', rank: 1, score: 9 }],
      top3Changed: true,
      periodChanged: true,
      dedupKey: 'y',
      at: '2026-01-14T12:30:00.000Z',
    })!;
    expect(render(pack('unofficial'), ok)[0]!.value).toMatchObject({
      event_name: 'gamification.ranking.updated',
      source: 'job',
      community_id: 4,
      properties: { community_id: 4, top_3_changed: true },
    });
  });

  it('Engagement (seed 000): points per practice axis as a flat points_earned_event with the axis fields of the event that earned them', () => {
    const o = toOutcome(
      Topics.PointsAwarded,
      points({
        tenantId: 'e',
        userId: 'learner',
        currency: 'duration',
        amount: 25,
        eventType: 'practice_axis_scored_event',
        ruleId: 'axis-duration',
        ledgerKey: 'lk',
        scopes: { context: 'practice' },
      }),
    )!;
    const source = {
      payload: {
        axis_type: 'duration',
        axis_value: 25,
        qualified_activity_count: 3,
        effective_learning_minutes: 25,
        normalized_score_profile_id: 'p1',
      },
      meta: { context_scope: 'practice' },
    } as unknown as CanonicalEnvelope;
    const [r] = render(pack('engagement'), o, source);
    expect(r!.value).toMatchObject({
      event_id: r!.id,
      event_name: 'points_earned_event',
      user_id: 'learner',
      source_module: 'gamification',
      context_scope: 'practice',
      idempotency_key: r!.id,
      points_transaction_id: 'lk',
      points: 25,
      axis_type: 'duration',
      qualified_activity_count: 3,
      normalized_score_profile_id: 'p1',
    });
    // Learning minutes are not a practice axis: not mapped.
    expect(render(pack('engagement'), toOutcome(Topics.PointsAwarded, points({ tenantId: 'e', currency: 'learning_minutes' }))!)).toEqual([]);
  });

  it('ids are stable per (tenant, event name, outcome), distinct otherwise, and in UUID v4 form', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (t, type, k1, k2) => {
        const a = outboundId(t, type, k1);
        expect(a).toBe(outboundId(t, type, k1));
        expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        if (k1 !== k2) expect(a).not.toBe(outboundId(t, type, k2));
      }),
    );
  });

  it('ids are the ones earlier releases gave (SHA-256 bytes with the v4 bits set): a consumer deduplicating on them sees no new id for an old outcome', () => {
    // The derivation before ids were built from the hex digest, kept here as the reference.
    const earlier = (t: string, type: string, k: string) => {
      const h = createHash('sha256').update(`${t}\u0000${type}\u0000${k}`).digest();
      h[6] = (h[6]! & 0x0f) | 0x40;
      h[8] = (h[8]! & 0x3f) | 0x80;
      const x = h.subarray(0, 16).toString('hex');
      return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
    };
    fc.assert(
      fc.property(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), (t, type, k) => {
        expect(outboundId(t, type, k)).toBe(earlier(t, type, k));
      }),
      { numRuns: 2000 },
    );
    expect(outboundId('tektree-demo', 'xp.earned', 'points:tektree-demo|u1|answer-accepted|accept-0001')).toBe('ad634e8b-3428-483e-8bbd-83cab1b96863');
  });

  it('every outcome a seed pack maps reads back through its dialect as the same event (random outcomes)', () => {
    const packs = ['tektree', 'unofficial', 'engagement'].map(pack);
    const outs = new Map<Pack, CompiledOutbound>(packs.map((p) => [p, compiled(p)]));
    fc.assert(
      fc.property(
        fc.constantFrom(...packs),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10 ** 6 }),
        fc.constantFrom('xp', 'duration', 'volume', 'score'),
        (p, amount, userNo, currency) => {
          const o = toOutcome(
            Topics.PointsAwarded,
            points({
              tenantId: p.tenant,
              userId: String(userNo),
              amount,
              currency,
              lifetime: amount,
              scopes: { community: '3', context: 'practice' },
            }),
          )!;
          const source = {
            payload: {
              qualified_activity_count: 1,
              effective_learning_minutes: 1,
              normalized_score_profile_id: 'p',
            },
            meta: {},
          } as unknown as CanonicalEnvelope;
          for (const e of matchingEvents(outs.get(p)!, o)) {
            const r = renderOutbound(outs.get(p)!, e, o, p, source, registry);
            const back = outs.get(p)!.dialect.map(r.value);
            expect(back.name).toBe(e.type);
            expect(back.externalId).toBe(r.id);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
