import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { DomainError, MESSAGE_SCHEMAS, MESSAGE_VERSION_HEADER, PREVIOUS_MESSAGE_SCHEMAS, ValidationFailedError, type FieldError } from '@questline/contracts';

/** A message of a newer version that does not satisfy this release's schema: retried in place (an outage of this consumer), never dead-lettered. */
export class NewerMessageVersionError extends DomainError {
  readonly code = 'message_version_newer';
  readonly kind = 'unavailable' as const;
  constructor(topic: string, version: number, current: number, errors: FieldError[]) {
    super(`The message is version ${version} of ${topic}; this release (version ${current}) cannot read it: it waits for an upgraded consumer.`, errors);
  }
}

export type MessageValidator = (topic: string, value: unknown, headers?: Readonly<Record<string, string>>) => void;

/**
 * Validates an internal message against its topic's JSON Schema (libs/contracts/messages/): a
 * malformed message — a bug in a producer, a hand-written record on an internal topic, a newer
 * producer that broke its contract — throws a ValidationFailedError with the pointer of each
 * problem, which the bus dead-letters as VALIDATION instead of crashing the consumer. Topics
 * without a schema pass. Validators are compiled once per topic and version (ajv).
 *
 * Versions (the `questline-message-version` header; absent = 1): the current version and any newer
 * one (a producer of the next release during a rolling upgrade: versions within a topic only add,
 * so a newer message still satisfies this release's schema) are checked against the current
 * schema; the previous version against the previous schema when one is kept
 * (libs/contracts/messages/previous/), else the current one; anything older is refused
 * (`message_version_unsupported`): its producer is two releases behind.
 */
export function schemaValidator(
  schemas: Record<string, Record<string, unknown>> = MESSAGE_SCHEMAS,
  previousSchemas: Record<string, Record<string, unknown>> = PREVIOUS_MESSAGE_SCHEMAS,
): MessageValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction | null>();
  const compile = (key: string, schema: Record<string, unknown> | undefined) => {
    let validate = compiled.get(key);
    if (validate === undefined) {
      // Each schema is compiled on its own: the previous and the current one share an $id.
      const { $id: _id, ...rest } = schema ?? {};
      validate = schema ? ajv.compile(rest) : null;
      compiled.set(key, validate);
    }
    return validate;
  };
  return (topic, value, headers) => {
    const schema = schemas[topic];
    if (!schema) return;
    const current = Number(schema['x-message-version'] ?? 1);
    const raw = headers?.[MESSAGE_VERSION_HEADER];
    const version = raw === undefined ? 1 : Number(raw);
    if (!Number.isInteger(version) || version < 1 || version < current - 1) {
      throw new ValidationFailedError(
        `The message is version ${raw} of ${topic}; this release reads versions ${Math.max(1, current - 1)} and later.`,
        [{ pointer: '/', detail: `header ${MESSAGE_VERSION_HEADER}: ${raw}` }],
        'message_version_unsupported',
      );
    }
    const previous = version === current - 1 ? previousSchemas[topic] : undefined;
    const validate = previous ? compile(`${topic}@${version}`, previous) : compile(topic, schema);
    if (!validate || validate(value)) return;
    const errors = (validate.errors ?? []).slice(0, 10).map((e) => ({ pointer: e.instancePath || '/', detail: e.message ?? 'invalid' }));
    // A newer release's message this release cannot read (it broke the additive rule, or widened an
    // enum): not the message's fault during a rolling upgrade, so it waits in place for an upgraded
    // consumer to take the partition instead of being dead-lettered.
    if (version > current) throw new NewerMessageVersionError(topic, version, current, errors);
    throw new ValidationFailedError(`The message does not match the schema of ${topic} (version ${version}).`, errors, 'message_schema_violation');
  };
}
