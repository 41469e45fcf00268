import { expressionProblem, parsePack } from './parse-pack';

/** The attacker's formula (trial 3): a `reduce` whose body merges the accumulator with itself, inside another `reduce`. */
const doubling = {
  '*': [
    { var: 'level' },
    {
      '+': [
        1,
        {
          reduce: [
            { reduce: [[0, 0, 0, 0, 0, 0, 0, 0], { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [0]] },
            { '+': [{ var: 'accumulator' }, { reduce: [{ reduce: [[0, 0, 0], { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [0]] }, { var: 'accumulator' }, 0] }] },
            0,
          ],
        },
      ],
    },
  ],
};

describe('JSONLogic expressions are bounded in work, not only in size and depth', () => {
  it('refuses an iteration inside another iteration, and a merge inside one', () => {
    expect(expressionProblem(doubling)).toMatch(/^"merge" inside the body of "reduce" is not allowed/);
    expect(expressionProblem({ map: [{ var: 'payload.a' }, { some: [{ var: 'payload.b' }, { '==': [{ var: '' }, 1] }] }] })).toMatch(/^"some" inside the body of "map" is not allowed/);
    expect(() =>
      parsePack(`tenant: t\nversion: 1\nname: T\nschemaNamespace: tektree\ncurrencies: [{ id: xp }]\nrules: []\nlevels: { currency: xp, formula: { maxLevel: 20, expr: ${JSON.stringify(doubling)} } }\n`),
    ).toThrow(/inside the body of "reduce"/);
  });

  it('accepts one iteration, iterations one after another, and one over another\'s result', () => {
    expect(expressionProblem({ reduce: [{ var: 'payload.items' }, { '+': [{ var: 'accumulator' }, { var: 'current.qty' }] }, 0] })).toBeNull();
    expect(expressionProblem({ '+': [{ reduce: [{ var: 'payload.a' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, { reduce: [{ var: 'payload.b' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }] })).toBeNull();
    expect(expressionProblem({ reduce: [{ map: [{ var: 'payload.a' }, { '*': [{ var: '' }, 2] }] }, { '+': [{ var: 'accumulator' }, { var: 'current' }] }, 0] })).toBeNull();
    expect(expressionProblem({ merge: [{ var: 'payload.a' }, [1, 2]] })).toBeNull();
  });
});
