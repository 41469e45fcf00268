import { BusinessRuleError, ForbiddenError, NotFoundError, RateLimitedError, ValidationFailedError } from '@questline/contracts';
import { classifyError, describeError, isUnavailable, producerStateError, UndecodableMessageError } from './classify-error';

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

describe('producer idempotence state after a broker restart (kafkajs#598)', () => {
  // kafkajs' shapes: a KafkaJSProtocolError with the broker's type, wrapped by the retrier.
  const protocol = (type: string) => Object.assign(new Error('The broker received an out of order sequence number'), { name: 'KafkaJSProtocolError', type, retriable: false });
  const wrapped = (cause: Error) => Object.assign(new Error(cause.message), { name: 'KafkaJSNonRetriableError', cause });

  it('is recognised through the retry wrappers, by type or by message', () => {
    expect(producerStateError(wrapped(protocol('OUT_OF_ORDER_SEQUENCE_NUMBER')))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(producerStateError(wrapped(Object.assign(new Error('This exception is raised by the broker if it could not locate the producer metadata'), { type: 'UNKNOWN_PRODUCER_ID' })))).toBe('UNKNOWN_PRODUCER_ID');
    expect(producerStateError(new Error('The broker received an out of order sequence number'))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(producerStateError(wrapped(Object.assign(new Error('leader moved'), { type: 'NOT_LEADER_FOR_PARTITION' })))).toBeUndefined();
    expect(producerStateError('a string')).toBeUndefined();
  });

  it('counts as the infrastructure being unavailable, never as the message being bad (no walk to the DLQ)', () => {
    expect(isUnavailable(wrapped(protocol('OUT_OF_ORDER_SEQUENCE_NUMBER')))).toBe(true);
    expect(isUnavailable(Object.assign(new Error('Kafka did not acknowledge a send'), { name: 'KafkaSendTimeoutError' }))).toBe(true);
    expect(isUnavailable(wrapped(Object.assign(new Error('record too large'), { type: 'MESSAGE_TOO_LARGE' })))).toBe(false);
  });
});
