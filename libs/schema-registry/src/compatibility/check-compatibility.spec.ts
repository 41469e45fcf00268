import { checkCompatibility, type CompatibilityMode } from './check-compatibility';

const v1 = {
  type: 'object',
  required: ['id', 'kind'],
  properties: { id: { type: 'string' }, kind: { enum: ['a', 'b'] }, score: { type: 'integer', minimum: 0 } },
  additionalProperties: true,
};
const clone = (): any => JSON.parse(JSON.stringify(v1));
const modes: CompatibilityMode[] = ['BACKWARD', 'FORWARD', 'FULL'];
const verdicts = (next: Record<string, unknown>) => Object.fromEntries(modes.map((m) => [m, checkCompatibility(v1, next, m).length === 0 ? 'pass' : 'fail']));

describe('checkCompatibility (Confluent semantics: the reader must accept everything the writer can produce)', () => {
  it('adding an optional field passes every mode', () => {
    const next = clone();
    next.properties.note = { type: 'string' };
    expect(verdicts(next)).toEqual({ BACKWARD: 'pass', FORWARD: 'pass', FULL: 'pass' });
  });

  it('extending an enum passes BACKWARD (new readers read old values), fails FORWARD and FULL', () => {
    const next = clone();
    next.properties.kind = { enum: ['a', 'b', 'c'] };
    expect(verdicts(next)).toEqual({ BACKWARD: 'pass', FORWARD: 'fail', FULL: 'fail' });
    expect(checkCompatibility(v1, next, 'FORWARD')[0]).toMatchObject({ pointer: '/kind', kind: 'enum_narrowed' });
  });

  it('removing a required field fails FORWARD and FULL (old readers need it); BACKWARD accepts it, as in Confluent', () => {
    const next = clone();
    delete next.properties.kind;
    next.required = ['id'];
    expect(verdicts(next)).toEqual({ BACKWARD: 'pass', FORWARD: 'fail', FULL: 'fail' });
    expect(checkCompatibility(v1, next, 'FORWARD')[0]).toMatchObject({ pointer: '/kind', kind: 'required_added' });
  });

  it('renaming a required field fails every mode, with a rename hint', () => {
    const next = clone();
    next.properties.identifier = next.properties.id;
    delete next.properties.id;
    next.required = ['identifier', 'kind'];
    expect(verdicts(next)).toEqual({ BACKWARD: 'fail', FORWARD: 'fail', FULL: 'fail' });
    expect(checkCompatibility(v1, next, 'BACKWARD')[0]!.detail).toMatch(/renamed from "id"/);
  });

  it('changing a type fails every mode; widening integer → number passes BACKWARD only', () => {
    const changed = clone();
    changed.properties.id = { type: 'integer' };
    expect(verdicts(changed)).toEqual({ BACKWARD: 'fail', FORWARD: 'fail', FULL: 'fail' });
    const widened = clone();
    widened.properties.score = { type: 'number', minimum: 0 };
    expect(verdicts(widened)).toEqual({ BACKWARD: 'pass', FORWARD: 'fail', FULL: 'fail' });
  });

  it('adding a required field fails BACKWARD; tightening a bound or closing the model is caught', () => {
    const required = clone();
    required.properties.region = { type: 'string' };
    required.required = ['id', 'kind', 'region'];
    expect(verdicts(required)).toEqual({ BACKWARD: 'fail', FORWARD: 'pass', FULL: 'fail' });
    const tighter = clone();
    tighter.properties.score = { type: 'integer', minimum: 10 };
    expect(checkCompatibility(v1, tighter, 'BACKWARD')[0]).toMatchObject({ kind: 'bound_tightened', pointer: '/score' });
    const closed = clone();
    closed.additionalProperties = false;
    expect(checkCompatibility(v1, closed, 'BACKWARD').map((i) => i.kind)).toContain('content_model_closed');
  });

  it('NONE checks nothing; identical schemas are FULL-compatible', () => {
    expect(checkCompatibility(v1, { type: 'string' }, 'NONE')).toEqual([]);
    expect(checkCompatibility(v1, clone(), 'FULL')).toEqual([]);
  });
});

describe('ADR030 (seed 003 ADR-030 §3.2: add optional ✓, extend enum ✓, remove required ✗, rename ✗)', () => {
  const adr = (next: Record<string, unknown>) => checkCompatibility(v1, next, 'ADR030').map((i) => [i.kind, i.pointer]);

  it('allows what the ADR allows: an optional field added, an enum extended', () => {
    const added = clone();
    added.properties.note = { type: 'string' };
    expect(adr(added)).toEqual([]);
    const extended = clone();
    extended.properties.kind = { enum: ['a', 'b', 'c'] };
    expect(adr(extended)).toEqual([]);
  });

  it('refuses a removed required field, which BACKWARD lets through', () => {
    const next = clone();
    delete next.properties.kind;
    next.required = ['id'];
    expect(checkCompatibility(v1, next, 'BACKWARD')).toEqual([]);
    expect(adr(next)).toEqual([['required_removed', '/kind']]);
    const optional = clone();
    optional.required = ['id'];
    expect(adr(optional)).toEqual([['required_removed', '/kind']]);
  });

  it('detects renames — a near name or the same schema under another name — which BACKWARD lets through', () => {
    const plural = clone();
    plural.properties.scores = plural.properties.score;
    delete plural.properties.score;
    expect(checkCompatibility(v1, plural, 'BACKWARD')).toEqual([]);
    expect(adr(plural)).toEqual([['property_renamed', '/score']]);
    const sameShape = clone();
    sameShape.properties.points = { type: 'integer', minimum: 0, description: 'renamed' };
    delete sameShape.properties.score;
    expect(adr(sameShape)).toEqual([['property_renamed', '/score']]);
    const required = clone();
    required.properties.kinds = required.properties.kind;
    delete required.properties.kind;
    required.required = ['id', 'kinds'];
    // A required field renamed: one finding (the rename), besides BACKWARD's own (kinds is required and old events lack it).
    expect(adr(required)).toEqual([['required_added', '/kinds'], ['property_renamed', '/kind']]);
  });

  it('looks into nested objects', () => {
    const nested = { type: 'object', properties: { user: { type: 'object', required: ['user_id'], properties: { user_id: { type: 'string' } } } } };
    const renamed = { type: 'object', properties: { user: { type: 'object', required: [], properties: { userId: { type: 'string' } } } } };
    expect(checkCompatibility(nested, renamed, 'ADR030').map((i) => [i.kind, i.pointer])).toEqual([['property_renamed', '/user/user_id']]);
  });
});
