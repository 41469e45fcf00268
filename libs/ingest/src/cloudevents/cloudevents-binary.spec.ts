import { CloudEvent, HTTP, Kafka } from 'cloudevents';
import { ValidationFailedError } from '@questline/contracts';
import { fromHttpBinary, fromKafkaBinary, isHttpBinaryCloudEvent, isKafkaBinaryCloudEvent } from './cloudevents-binary';

/** Binary content mode, encoded by the official SDK as a producer would, decoded back to structured attributes. */
describe('CloudEvents binary mode', () => {
  const ce = new CloudEvent({
    type: 'com.tektree.knowledge.answer.accepted',
    source: '/knowledge',
    subject: 'bob',
    time: '2026-11-24T09:59:00.000Z',
    datacontenttype: 'application/json',
    idempotencykey: 'accept-0001',
    data: { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' },
  });
  const expected = { specversion: '1.0', id: ce.id, type: ce.type, source: '/knowledge', subject: 'bob', idempotencykey: 'accept-0001', data: { question_id: 'q', answer_id: 'a', answer_author_id: 'alice' } };

  it('over HTTP (ce-* headers)', () => {
    const message = HTTP.binary(ce);
    expect(isHttpBinaryCloudEvent(message.headers as Record<string, string>)).toBe(true);
    expect(fromHttpBinary(message.headers as Record<string, string>, JSON.parse(String(message.body)))).toMatchObject(expected);
  });

  it('over Kafka (ce_* headers, JSON value)', () => {
    const message = Kafka.binary(ce);
    const headers = Object.fromEntries(Object.entries(message.headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
    expect(isKafkaBinaryCloudEvent(headers)).toBe(true);
    expect(fromKafkaBinary(headers, Buffer.from(JSON.stringify(message.value)))).toMatchObject(expected);
  });

  it('refuses a Kafka value that is not JSON', () => {
    const headers = Object.fromEntries(Object.entries(Kafka.binary(ce).headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
    expect(() => fromKafkaBinary(headers, Buffer.from('{nope'))).toThrow(ValidationFailedError);
  });

  it('keeps the time the producer sent, as sent: none when it sent none (the SDK would put the receive time), an unreadable one as is (the dialect refuses both)', () => {
    const headers = HTTP.binary(ce).headers as Record<string, string>;
    const body = JSON.parse(String(HTTP.binary(ce).body));
    expect(fromHttpBinary(headers, body)['time']).toBe('2026-11-24T09:59:00.000Z');
    const { ['ce-time']: _dropped, ...untimed } = headers;
    expect(fromHttpBinary(untimed, body)).not.toHaveProperty('time');
    expect(fromHttpBinary({ ...headers, 'ce-time': 'not-a-time' }, body)['time']).toBe('not-a-time');
    const kafka = Object.fromEntries(Object.entries(Kafka.binary(ce).headers).filter(([k, v]) => v !== undefined && k !== 'ce_time')) as Record<string, string>;
    expect(fromKafkaBinary(kafka, Buffer.from(JSON.stringify(Kafka.binary(ce).value)))).not.toHaveProperty('time');
  });
});
