import { join } from 'node:path';
import { SchemaRegistry } from './schema-registry';

const registry = SchemaRegistry.loadDirectory(join(__dirname, '../../../event-schemas'));
const ok = { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' };

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    return err as { code: string; errors: { pointer: string; detail: string }[] };
  }
  throw new Error('expected a validation error');
}

describe('SchemaRegistry', () => {
  it('loads the committed schemas', () => {
    expect(registry.list()).toContainEqual(expect.objectContaining({ namespace: 'tektree', type: 'knowledge.answer.accepted', version: 1 }));
  });

  it('validates a payload and returns the version used', () => {
    expect(registry.validate('tektree', 'knowledge.answer.accepted', ok)).toBe(1);
  });

  it('reports each invalid field with its JSON pointer', () => {
    const e = errorOf(() => registry.validate('tektree', 'knowledge.answer.accepted', { question_id: 5, answer_id: 'a' }));
    expect(e.code).toBe('schema_validation_failed');
    expect(e.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/payload/question_id', detail: 'must be string' },
        { pointer: '/payload/answer_author_id', detail: "must have required property 'answer_author_id'" },
      ]),
    );
  });

  it('refuses unknown types and versions', () => {
    expect(errorOf(() => registry.validate('tektree', 'nope.nope', ok)).code).toBe('unknown_event_type');
    expect(errorOf(() => registry.validate('tektree', 'knowledge.answer.accepted', ok, 9)).code).toBe('unknown_schema_version');
  });
});
