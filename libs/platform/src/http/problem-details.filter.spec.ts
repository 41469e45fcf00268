import { toProblem } from './problem-details.filter';

describe('problem details for database refusals', () => {
  it('a value Postgres cannot store is the request\'s fault (422 value_not_storable), from pg, PGlite or Prisma\'s adapter; other database errors stay 500', () => {
    const pg = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021', severity: 'ERROR' });
    const range = Object.assign(new Error('timestamp out of range'), { code: '22008', severity: 'ERROR' });
    const prisma = Object.assign(new Error('invalid byte sequence'), { name: 'DriverAdapterError', cause: { originalCode: '22021', kind: 'postgres' } });
    for (const e of [pg, range, prisma]) expect(toProblem(e, '/x')).toMatchObject({ status: 422, code: 'value_not_storable' });
    expect(toProblem(Object.assign(new Error('deadlock detected'), { code: '40P01', severity: 'ERROR' }), '/x')).toMatchObject({ status: 500, code: 'internal_error' });
    expect(toProblem(Object.assign(new Error('x'), { code: '22021' }), '/x')).toMatchObject({ status: 500 }); // not a database error (no severity)
  });
});
