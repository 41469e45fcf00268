import { BusinessRuleError, ForbiddenError, NotFoundError, RateLimitedError, ValidationFailedError } from '@questline/contracts';
import { classifyError, describeError, UndecodableMessageError } from './classify-error';

describe('classifyError (seed 002 §8.3 error classes)', () => {
  const pgError = Object.assign(new Error('deadlock detected'), { code: '40P01', severity: 'ERROR' });
  const cases: [string, unknown, string][] = [
    ['validation', new ValidationFailedError('bad'), 'VALIDATION'],
    ['unknown tenant', new NotFoundError('unknown_tenant', 'no pack'), 'VALIDATION'],
    ['undecodable', new UndecodableMessageError('not JSON'), 'VALIDATION'],
    ['JSON syntax', new SyntaxError('Unexpected token'), 'VALIDATION'],
    ['business rule', new BusinessRuleError('cap_reached', 'daily cap'), 'BUSINESS_RULE'],
    ['forbidden', new ForbiddenError('tenant_mismatch', 'x'), 'AUTHORIZATION'],
    ['rate limited', new RateLimitedError('slow down', 1), 'NETWORK'],
    ['pg', pgError, 'DATABASE'],
    ['prisma', Object.assign(new Error('x'), { name: 'PrismaClientKnownRequestError' }), 'DATABASE'],
    ['socket', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'NETWORK'],
    ['kafkajs', Object.assign(new Error('x'), { name: 'KafkaJSConnectionError' }), 'NETWORK'],
    ['bug', new TypeError("Cannot read properties of undefined (reading 'x')"), 'INTERNAL'],
    ['anything else', new Error('?'), 'UNKNOWN'],
    ['not an Error', 'a string', 'UNKNOWN'],
  ];
  it.each(cases)('%s', (_, err, expected) => expect(classifyError(err)).toBe(expected));

  it('keeps field errors in the one-line message operators read', () => {
    const info = describeError(new ValidationFailedError('Payload does not match', [{ pointer: '/payload/answer_author_id', detail: 'is required' }]));
    expect(info).toEqual({ class: 'VALIDATION', name: 'ValidationFailedError', code: 'validation_failed', message: 'Payload does not match [/payload/answer_author_id: is required]' });
    expect(describeError(pgError)).toMatchObject({ class: 'DATABASE', code: '40P01' });
  });
});
