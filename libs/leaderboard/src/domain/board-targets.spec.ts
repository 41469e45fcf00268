import fc from 'fast-check';
import { scopeValuesOf, type Scopes } from '@questline/contracts';
import { parsePack } from '@questline/rules';
import { boardTargets, scopeName } from './board-targets';

const pack = parsePack(`
tenant: demo
version: 1
name: Demo
schemaNamespace: demo
currencies: [{ id: xp }]
dimensions:
  - { id: community, path: payload.community_id }
  - { id: tag, path: payload.tags }
leaderboards:
  - { id: xp, name: XP, currency: xp, scopes: [community, tag] }
  - { id: xp-tags, name: XP by tag, currency: xp, windows: [all-time, weekly], scopes: [tag] }
rules:
  - { id: asked, on: knowledge.question.posted, award: { currency: xp, amount: 5 } }
`);

const named = (targets: ReturnType<typeof boardTargets>) => targets.map((t) => (t.set.kind === 'board' ? `${t.set.boardId}/${t.window}/${scopeName(t.set.scope)}` : '?')).sort();

describe('board targets', () => {
  it('moves the global board and each scope the entry has: every value of a list', () => {
    const at = Date.parse('2026-11-23T10:00:00Z');
    expect(
      named(
        boardTargets(pack, 't', {
          currency: 'xp',
          amount: 5,
          occurredAt: at,
          scopes: { community: 'c1', tag: ['ts', 'db'] },
        }),
      ),
    ).toEqual(
      [
        'xp/all-time/community:c1',
        'xp/all-time/global',
        'xp/all-time/tag:db',
        'xp/all-time/tag:ts',
        'xp-tags/all-time/global',
        'xp-tags/all-time/tag:db',
        'xp-tags/all-time/tag:ts',
        'xp-tags/weekly/global',
        'xp-tags/weekly/tag:db',
        'xp-tags/weekly/tag:ts',
      ].sort(),
    );
    expect(named(boardTargets(pack, 't', { currency: 'xp', amount: 5, occurredAt: at }))).toEqual(['xp/all-time/global', 'xp-tags/all-time/global', 'xp-tags/weekly/global'].sort());
  });

  it("a scope's board total is the sum of the entries holding that value, one value or in a list (reference model)", () => {
    const value = fc.constantFrom('a', 'b', 'c', 'd');
    const entry = fc.record({
      user: fc.constantFrom('u1', 'u2', 'u3'),
      amount: fc.integer({ min: -20, max: 50 }),
      tag: fc.option(fc.oneof(value, fc.uniqueArray(value, { minLength: 1, maxLength: 4 })), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const boards = new Map<string, Map<string, number>>();
        for (const e of entries) {
          const scopes: Scopes | undefined = e.tag === undefined ? undefined : { tag: e.tag };
          for (const t of boardTargets(pack, 't', {
            currency: 'xp',
            amount: e.amount,
            occurredAt: 0,
            scopes,
          })) {
            if (t.set.kind !== 'board' || t.set.boardId !== 'xp') continue;
            const board = boards.get(scopeName(t.set.scope)) ?? new Map<string, number>();
            board.set(e.user, (board.get(e.user) ?? 0) + t.delta);
            boards.set(scopeName(t.set.scope), board);
          }
        }
        // The reference: per tag value, what each user's entries holding it add up to.
        const expected = new Map<string, Map<string, number>>();
        for (const e of entries)
          for (const scope of ['global', ...scopeValuesOf(e.tag).map((v) => `tag:${v}`)]) {
            const board = expected.get(scope) ?? new Map<string, number>();
            board.set(e.user, (board.get(e.user) ?? 0) + e.amount);
            expected.set(scope, board);
          }
        expect(boards).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
