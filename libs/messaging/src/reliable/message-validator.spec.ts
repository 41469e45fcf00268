import { MESSAGE_VERSION_HEADER, messageVersion, Topics } from '@questline/contracts';
import { isUnavailable } from './classify-error';
import { NewerMessageVersionError, schemaValidator } from './message-validator';

describe('schemaValidator (internal messages against their JSON Schemas)', () => {
  const validate = schemaValidator();
  const scored = {
    event: { id: 'e1', type: 'a.b', tenantId: 't', userId: 'u', occurredAt: '2026-12-01T10:00:00.000Z' },
    packVersion: 3,
    awards: [{ userId: 'u', currency: 'xp', amount: 10, ruleId: 'r', ruleVersion: 1, idempotencyKey: 'e1:r:u:xp' }],
  };

  /** The header a producer of this release writes. */
  const current = (topic: string) => ({ [MESSAGE_VERSION_HEADER]: String(messageVersion(topic)) });

  it('passes a well-formed message, and one with fields a newer producer added', () => {
    expect(() => validate(Topics.EventScored, scored, current(Topics.EventScored))).not.toThrow();
    expect(() => validate(Topics.EventScored, { ...scored, addedLater: { x: 1 } }, current(Topics.EventScored))).not.toThrow();
    expect(() => validate(Topics.EventScored, { ...scored, scopes: { community: 'c1', tag: ['ts', 'db'] } }, current(Topics.EventScored))).not.toThrow();
  });

  it('refuses a malformed one with the pointer of each problem (a VALIDATION dead letter, not a crash)', () => {
    const bad = { ...scored, awards: [{ ...scored.awards[0], amount: '10' }], event: { ...scored.event, occurredAt: 'yesterday' } };
    expect(() => validate(Topics.EventScored, bad, current(Topics.EventScored))).toThrow(expect.objectContaining({ code: 'message_schema_violation', kind: 'validation' }));
    try {
      validate(Topics.EventScored, bad, current(Topics.EventScored));
    } catch (e) {
      expect((e as { errors: { pointer: string }[] }).errors.map((x) => x.pointer).sort()).toEqual(['/awards/0/amount', '/event/occurredAt']);
    }
    expect(() => validate(Topics.PointsAwarded, { tenantId: 't' })).toThrow(/schema of questline.points.awarded.v1/);
    expect(() => validate(Topics.EventAccepted, [])).toThrow();
  });

  it('lets topics without a schema through', () => {
    expect(() => validate('some.other.topic', 'anything')).not.toThrow();
  });

  describe('versions (the questline-message-version header)', () => {
    // A topic at version 3 whose previous version (2) had `name` where version 3 has `title`.
    const v3 = { 'x-message-version': 3, type: 'object', required: ['title'], properties: { title: { type: 'string' } } };
    const v2 = { 'x-message-version': 2, type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
    const versioned = schemaValidator({ t: v3 }, { t: v2 });
    const at = (v: number | string) => ({ [MESSAGE_VERSION_HEADER]: String(v) });

    it('reads the current version against the current schema, and a newer one too (versions only add)', () => {
      expect(() => versioned('t', { title: 'x' }, at(3))).not.toThrow();
      expect(() => versioned('t', { title: 'x', addedInV4: 1 }, at(4))).not.toThrow();
      expect(() => versioned('t', { name: 'x' }, at(3))).toThrow(expect.objectContaining({ code: 'message_schema_violation' }));
      // A newer message this release cannot read waits in place (unavailable) rather than being dead-lettered.
      expect(() => versioned('t', { name: 'x' }, at(4))).toThrow(expect.objectContaining({ code: 'message_version_newer', kind: 'unavailable' }));
      expect(isUnavailable(new NewerMessageVersionError('t', 4, 3, []))).toBe(true);
    });

    it('reads the previous version against the previous schema', () => {
      expect(() => versioned('t', { name: 'x' }, at(2))).not.toThrow();
      expect(() => versioned('t', { title: 'x' }, at(2))).toThrow(/schema of t \(version 2\)/);
    });

    it('refuses a version two behind, and a header that is not a version (a VALIDATION dead letter naming it)', () => {
      expect(() => versioned('t', { title: 'x' }, at(1))).toThrow(expect.objectContaining({ code: 'message_version_unsupported' }));
      expect(() => versioned('t', { title: 'x' })).toThrow(/version undefined of t; this release reads versions 2 and later/);
      expect(() => versioned('t', { title: 'x' }, at('two'))).toThrow(expect.objectContaining({ code: 'message_version_unsupported' }));
    });

    it('a message without the header is version 1: what releases before the header wrote', () => {
      // Scored messages are at version 2 (the skipped reasons; a dimension's values as a list): one without the header is read against version 1.
      expect(messageVersion(Topics.EventScored)).toBe(2);
      expect(() => validate(Topics.EventScored, scored, {})).not.toThrow();
      expect(() => validate(Topics.EventScored, { ...scored, skipped: [{ ruleId: 'r' }] }, {})).not.toThrow();
      expect(() => validate(Topics.EventScored, { ...scored, skipped: [{ ruleId: 'r' }] }, { [MESSAGE_VERSION_HEADER]: '2' })).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ pointer: '/skipped/0' })] }));
      expect(() => validate(Topics.EventScored, { ...scored, scopes: { tag: ['ts'] } }, {})).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ pointer: '/scopes/tag' })] }));
      // Points messages too (version 2: a list of values); a list is of strings of at most 128 characters, at most 10 of them.
      const awarded = { tenantId: 't', userId: 'u', eventId: 'e1', eventType: 'a.b', currency: 'xp', amount: 5, ruleId: 'r', ruleVersion: 1, ledgerKey: 'k', lifetime: 5, spendable: 5, net: 5, occurredAt: '2026-12-01T10:00:00.000Z' };
      expect(messageVersion(Topics.PointsAwarded)).toBe(2);
      expect(() => validate(Topics.PointsAwarded, { ...awarded, scopes: { community: 'c1' } }, {})).not.toThrow();
      expect(() => validate(Topics.PointsAwarded, { ...awarded, scopes: { tag: ['ts', 'db'] } }, {})).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ pointer: '/scopes/tag' })] }));
      expect(() => validate(Topics.PointsAwarded, { ...awarded, scopes: { tag: ['ts', 'db'] } }, current(Topics.PointsAwarded))).not.toThrow();
      expect(() => validate(Topics.PointsAwarded, { ...awarded, scopes: { tag: ['x'.repeat(129)] } }, current(Topics.PointsAwarded))).toThrow(/schema of questline.points.awarded.v1/);
      expect(() => validate(Topics.PointsAwarded, { ...awarded, scopes: { tag: Array.from({ length: 11 }, (_, i) => `t${i}`) } }, current(Topics.PointsAwarded))).toThrow(/schema of questline.points.awarded.v1/);
      expect(messageVersion(Topics.EventAccepted)).toBe(1);
      expect(messageVersion('no.schema')).toBeUndefined();
    });
  });
});
