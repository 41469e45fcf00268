import { NAMING_CONVENTIONS } from '../naming/naming-conventions';
import { UPCAST_OP_SCHEMA } from '../upcast/upcast';

const pointer = { type: 'string', pattern: '^(/[^/]*)*$' } as const;

/** Shape of `x-questline` (checked for every schema file when the registry loads). */
export const METADATA_SCHEMA = {
  type: 'object',
  required: ['namespace', 'type', 'version', 'status', 'description', 'producer', 'consumers', 'classification', 'retention', 'pii'],
  properties: {
    namespace: { type: 'string', minLength: 1 },
    type: { type: 'string', minLength: 1, maxLength: 200 },
    version: { type: 'integer', minimum: 1 },
    status: { enum: ['active', 'deprecated', 'draft'] },
    description: { type: 'string', minLength: 1 },
    producer: { type: 'string', minLength: 1 },
    consumers: { type: 'array', items: { type: 'string' } },
    classification: { enum: ['primary', 'secondary'] },
    retention: { enum: ['short', 'standard', 'long', 'audit'] },
    pii: { type: 'array', items: pointer },
    family: { type: 'string' },
    source: { type: 'string' },
    subject: { anyOf: [pointer, { const: 'none' }] },
    deprecated: {
      type: 'object',
      required: ['sunset'],
      properties: { sunset: { type: 'string', format: 'date' }, replacedBy: { type: 'string' } },
      additionalProperties: false,
    },
    upcast: { type: 'array', items: UPCAST_OP_SCHEMA },
    breaking: { type: 'boolean' },
  },
  if: { properties: { status: { const: 'deprecated' } } },
  then: { required: ['deprecated'] },
} as const;

export const NAMESPACE_SCHEMA = {
  type: 'object',
  required: ['namespace', 'title', 'naming', 'compatibility', 'maxPayloadBytes', 'deprecationPeriodDays', 'aliases'],
  additionalProperties: false,
  properties: {
    namespace: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$' },
    title: { type: 'string' },
    source: { type: 'string' },
    naming: { enum: Object.keys(NAMING_CONVENTIONS) },
    compatibility: { enum: ['BACKWARD', 'FORWARD', 'FULL', 'NONE'] },
    maxPayloadBytes: { type: 'integer', minimum: 256, maximum: 1048576 },
    deprecationPeriodDays: { type: 'integer', minimum: 0 },
    aliases: {
      type: 'object',
      additionalProperties: false,
      required: ['types', 'values'],
      properties: {
        types: { type: 'object', additionalProperties: { type: 'string' } },
        values: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['pointer', 'from', 'to'],
            properties: { pointer, from: { type: 'string' }, to: { type: 'string' }, sunset: { type: 'string', format: 'date' } },
          },
        },
      },
    },
  },
} as const;

const fieldSource = {
  anyOf: [
    { type: 'string' },
    { type: 'object', required: ['path'], properties: { path: { type: 'string' }, prefix: { type: 'string' } }, additionalProperties: false },
    {
      type: 'array',
      minItems: 1,
      items: { anyOf: [{ type: 'string' }, { type: 'object', required: ['path'], properties: { path: { type: 'string' }, prefix: { type: 'string' } }, additionalProperties: false }] },
    },
  ],
} as const;

export const DIALECT_SCHEMA = {
  type: 'object',
  required: ['id', 'description', 'detect', 'envelope', 'map'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$' },
    description: { type: 'string' },
    detect: { type: 'array', items: { type: 'string' }, minItems: 1 },
    contentTypes: { type: 'array', items: { type: 'string' } },
    envelope: { type: 'object' },
    map: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'occurredAt', 'payload'],
      properties: {
        id: fieldSource,
        type: {
          anyOf: [
            fieldSource,
            { type: 'object', required: ['path'], additionalProperties: false, properties: { path: { type: 'string' }, stripPrefix: { type: 'string' }, versionSuffix: { type: 'boolean' } } },
          ],
        },
        version: {
          type: 'object',
          required: ['path', 'format'],
          additionalProperties: false,
          properties: { path: { type: 'string' }, format: { enum: ['integer', 'semver-major', 'url-suffix'] } },
        },
        userId: fieldSource,
        occurredAt: fieldSource,
        source: fieldSource,
        idempotencyKey: fieldSource,
        correlationId: fieldSource,
        causationId: fieldSource,
        traceId: fieldSource,
        payload: { anyOf: [{ type: 'string' }, { type: 'object', required: ['rest'], properties: { rest: { const: true } }, additionalProperties: false }] },
        meta: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const;
