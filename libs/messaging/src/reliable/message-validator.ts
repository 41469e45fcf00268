import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { MESSAGE_SCHEMAS, ValidationFailedError } from '@questline/contracts';

/**
 * Validates an internal message against its topic's JSON Schema (libs/contracts/messages/): a
 * malformed message — a bug in a producer, a hand-written record on an internal topic, a newer
 * producer that broke its contract — throws a ValidationFailedError with the pointer of each
 * problem, which the bus dead-letters as VALIDATION instead of crashing the consumer. Topics
 * without a schema pass. Validators are compiled once per topic (ajv).
 */
export function schemaValidator(schemas: Record<string, Record<string, unknown>> = MESSAGE_SCHEMAS): (topic: string, value: unknown) => void {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction | null>();
  return (topic, value) => {
    let validate = compiled.get(topic);
    if (validate === undefined) {
      const schema = schemas[topic];
      validate = schema ? ajv.compile(schema) : null;
      compiled.set(topic, validate);
    }
    if (!validate || validate(value)) return;
    const errors = (validate.errors ?? []).slice(0, 10).map((e) => ({ pointer: e.instancePath || '/', detail: e.message ?? 'invalid' }));
    throw new ValidationFailedError(`The message does not match the schema of ${topic}.`, errors, 'message_schema_violation');
  };
}
