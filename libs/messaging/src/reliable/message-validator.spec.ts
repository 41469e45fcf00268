import { Topics } from '@questline/contracts';
import { schemaValidator } from './message-validator';

describe('schemaValidator (internal messages against their JSON Schemas)', () => {
  const validate = schemaValidator();
  const scored = {
    event: { id: 'e1', type: 'a.b', tenantId: 't', userId: 'u', occurredAt: '2026-12-01T10:00:00.000Z' },
    packVersion: 3,
    awards: [{ userId: 'u', currency: 'xp', amount: 10, ruleId: 'r', ruleVersion: 1, idempotencyKey: 'e1:r:u:xp' }],
  };

  it('passes a well-formed message, and one with fields a newer producer added', () => {
    expect(() => validate(Topics.EventScored, scored)).not.toThrow();
    expect(() => validate(Topics.EventScored, { ...scored, addedLater: { x: 1 } })).not.toThrow();
  });

  it('refuses a malformed one with the pointer of each problem (a VALIDATION dead letter, not a crash)', () => {
    const bad = { ...scored, awards: [{ ...scored.awards[0], amount: '10' }], event: { ...scored.event, occurredAt: 'yesterday' } };
    expect(() => validate(Topics.EventScored, bad)).toThrow(expect.objectContaining({ code: 'message_schema_violation', kind: 'validation' }));
    try {
      validate(Topics.EventScored, bad);
    } catch (e) {
      expect((e as { errors: { pointer: string }[] }).errors.map((x) => x.pointer).sort()).toEqual(['/awards/0/amount', '/event/occurredAt']);
    }
    expect(() => validate(Topics.PointsAwarded, { tenantId: 't' })).toThrow(/schema of questline.points.awarded.v1/);
    expect(() => validate(Topics.EventAccepted, [])).toThrow();
  });

  it('lets topics without a schema through', () => {
    expect(() => validate('some.other.topic', 'anything')).not.toThrow();
  });
});
