import { HTTP, Kafka, ValidationError } from 'cloudevents';
import { DEFAULT_JSON_LIMITS, parseJsonWithin, ValidationFailedError } from '@questline/contracts';

/**
 * CloudEvents binary content mode: attributes travel as transport headers (`ce-*` over HTTP,
 * `ce_*` over Kafka) and the body is the data. The official SDK decodes them; the result is the
 * structured-mode JSON object, which the `cloudevents` dialect maps like any other envelope.
 */
export const CLOUDEVENTS_STRUCTURED = 'application/cloudevents+json';

type HeaderBag = Record<string, string | string[] | undefined>;

export function isHttpBinaryCloudEvent(headers: HeaderBag): boolean {
  return typeof headers['ce-specversion'] === 'string';
}

export function isKafkaBinaryCloudEvent(headers: Record<string, string>): boolean {
  return typeof headers['ce_specversion'] === 'string';
}

function toStructured(decode: () => unknown): Record<string, unknown> {
  try {
    const event = decode();
    if (Array.isArray(event)) throw new ValidationFailedError('Send one CloudEvent per request.', [{ pointer: '', detail: 'batch mode is not accepted here' }], 'invalid_cloudevent');
    return (event as { toJSON(): Record<string, unknown> }).toJSON();
  } catch (err) {
    if (err instanceof ValidationError || (err instanceof TypeError && /cloud|event/i.test(err.message))) {
      throw new ValidationFailedError(`Not a valid CloudEvent: ${err.message}`, [{ pointer: '', detail: String((err as ValidationError).errors ?? err.message) }], 'invalid_cloudevent');
    }
    throw err;
  }
}

/** HTTP binary mode: `ce-*` headers + body. */
export function fromHttpBinary(headers: HeaderBag, body: unknown): Record<string, unknown> {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(',') : v;
  return withSentTime(toStructured(() => HTTP.toEvent({ headers: flat, body })), flat['ce-time']);
}

/**
 * The `time` the producer sent, as sent: the SDK fills a missing one with the receive time and
 * keeps an unreadable one as is, so the event would land on another day than it happened (streaks,
 * quests, periodic boards) where structured mode refuses it. The dialect checks it like any other.
 */
function withSentTime(event: Record<string, unknown>, sent: string | undefined): Record<string, unknown> {
  const out = { ...event };
  if (sent === undefined) delete out['time'];
  else out['time'] = sent;
  return out;
}

/** Kafka binary mode: `ce_*` headers + message value (JSON data decoded first, so it is not base64'd). */
export function fromKafkaBinary(headers: Record<string, string>, value: Buffer | string | null): Record<string, unknown> {
  const text = value === null ? '' : value.toString();
  let body: unknown = text;
  const contentType = headers['content-type'] ?? headers['ce_datacontenttype'];
  if (!contentType || /json/i.test(contentType)) {
    try {
      body = text ? parseJsonWithin(text, DEFAULT_JSON_LIMITS) : undefined;
    } catch (err) {
      const code = err instanceof ValidationFailedError ? err.code : 'invalid_json';
      if (code !== 'invalid_json') throw err;
      throw new ValidationFailedError('The CloudEvent data is not valid JSON.', [{ pointer: '/data', detail: 'invalid JSON' }], 'invalid_json');
    }
  }
  return withSentTime(toStructured(() => Kafka.toEvent({ headers, value: body, key: undefined } as unknown as Parameters<typeof Kafka.toEvent>[0])), headers['ce_time']);
}
