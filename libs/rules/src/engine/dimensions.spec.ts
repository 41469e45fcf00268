import { MAX_SCOPE_VALUES } from '@questline/contracts';
import { canonicalEnvelope } from '@questline/testing';
import { parsePack } from '../pack/parse-pack';
import { dimensionValues } from './evaluate';

const pack = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
dimensions:
  - { id: community, path: payload.community_id }
  - { id: tag, path: payload.tags }
rules:
  - { id: asked, on: knowledge.question.posted, award: { currency: xp, amount: 5 } }
`);

const scopes = (payload: Record<string, unknown>) => dimensionValues(pack, canonicalEnvelope({ type: 'knowledge.question.posted', payload }));

describe('dimension values (board scopes)', () => {
  it('keeps one value as a string, and a list as the list of its distinct valid values, in order', () => {
    expect(scopes({ community_id: 'c1', tags: ['ts', 'db'] })).toEqual({
      community: 'c1',
      tag: ['ts', 'db'],
    });
    expect(scopes({ community_id: 42, tags: ['ts', 7, 'ts', 7, 'db'] })).toEqual({ community: '42', tag: ['ts', '7', 'db'] });
    // A list of one stays a list: the stored form follows the event's.
    expect(scopes({ tags: ['ts'] })).toEqual({ tag: ['ts'] });
  });

  it('leaves out what is not a value: empty strings, objects, nulls, non-finite numbers, over 128 characters', () => {
    expect(
      scopes({
        tags: ['', '   ', null, { a: 1 }, ['nested'], Number.NaN, 'x'.repeat(129), 'ok', true],
      }),
    ).toEqual({ tag: ['ok'] });
    // Kept as sent: case and surrounding spaces make other values (products normalise their tags).
    expect(scopes({ tags: ['Python', 'python', ' python'] })).toEqual({ tag: ['Python', 'python', ' python'] });
    expect(scopes({ community_id: ' \t ' })).toBeUndefined();
    // A list with nothing valid, or an empty one, is no value: the event counts on global boards only.
    expect(scopes({ tags: [] })).toBeUndefined();
    expect(scopes({ tags: ['', null] })).toBeUndefined();
    expect(scopes({ community_id: { id: 1 } })).toBeUndefined();
  });

  it(`keeps the first ${MAX_SCOPE_VALUES} distinct values of a longer list`, () => {
    const many = Array.from({ length: 25 }, (_, i) => `t${i % 15}`);
    expect(scopes({ tags: many })).toEqual({
      tag: Array.from({ length: MAX_SCOPE_VALUES }, (_, i) => `t${i}`),
    });
  });
});
