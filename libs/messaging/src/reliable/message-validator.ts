import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { MESSAGE_SCHEMAS, MESSAGE_VERSION_HEADER, PREVIOUS_MESSAGE_SCHEMAS, ValidationFailedError } from '@questline/contracts';

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
    throw new ValidationFailedError(`The message does not match the schema of ${topic} (version ${version}).`, errors, 'message_schema_violation');
  };
}
