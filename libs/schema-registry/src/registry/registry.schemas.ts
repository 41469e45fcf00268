import { NAMING_CONVENTIONS, NAMING_EXAMPLES } from '../naming/naming-conventions';
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
    retention: { enum: ['short', 'standard', 'long', 'audit', 'indefinite'] },
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
    countsOnly: { type: 'boolean', description: 'Counts only (seed 004): ingest keeps only the payload properties the schema declares, minus `content`; anything else the producer sent is never stored' },
    content: { type: 'array', items: pointer, description: 'Payload fields that are content (message text…): dropped at ingest, never stored' },
    consents: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
      description: "Consents the user must have given for the event to be linked to them (seed 004: whatsapp_activity). Without them it is only counted, per tenant, with no user id",
    },
  },
  if: { required: ['status'], properties: { status: { const: 'deprecated' } } },
  then: { required: ['deprecated'] },
} as const;

export const NAMESPACE_SCHEMA = {
  type: 'object',
  required: ['namespace', 'title', 'naming', 'compatibility', 'maxPayloadBytes', 'deprecationPeriodDays', 'aliases'],
  additionalProperties: false,
  properties: {
    namespace: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$', description: 'Taken from the folder name' },
    title: { type: 'string', description: 'Display name' },
    source: { type: 'string', description: 'Where the event catalogue comes from (a document, a team)' },
    naming: {
      enum: Object.keys(NAMING_CONVENTIONS),
      description: `How event type names must look: ${Object.entries(NAMING_EXAMPLES).map(([k, v]) => `${k} (${v})`).join(', ')}`,
    },
    compatibility: {
      enum: ['BACKWARD', 'FORWARD', 'FULL', 'NONE', 'ADR030'],
      default: 'BACKWARD',
      description:
        "What a new schema version must keep with the previous one: Confluent's modes, or `ADR030` (seed 003's rule set: add optional fields and extend enums; never remove a required field or rename one)",
    },
    maxPayloadBytes: { type: 'integer', minimum: 256, maximum: 1048576, default: 65536, description: 'Serialised payload limit' },
    deprecationPeriodDays: { type: 'integer', minimum: 0, default: 182, description: 'How long a deprecated version is kept before its sunset' },
    unversioned: {
      enum: ['current', 'oldest'],
      default: 'current',
      description: 'How an event that names no schema version is read: `current` (the newest published version) or `oldest` (the first, then upcast: seed 002 §5.3 treats a missing version as an older format to transform)',
    },
    retention: {
      type: 'object',
      additionalProperties: false,
      description:
        "How long accepted events of this namespace stay in the event store, in days, by the schemas' retention class (`classes`) or by event-type pattern (`types`, e.g. `notification.*`, which wins); `null` or absent: kept (seed 001's table: user and knowledge indefinite, gamification 2 years, payment 7 years, social 1 year, real-time 7 days, notifications 30 days). The retention job archives older events (compressed JSON lines with an index) and deletes them; the ledger is never deleted",
      properties: {
        classes: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(['short', 'standard', 'long', 'audit', 'indefinite'].map((c) => [c, { type: ['integer', 'null'], minimum: 1, maximum: 36500 }])),
        },
        types: { type: 'object', propertyNames: { pattern: '^[A-Za-z0-9_.]+(\\.\\*)?$' }, additionalProperties: { type: ['integer', 'null'], minimum: 1, maximum: 36500 } },
        anonymiseAfterDays: {
          type: 'integer',
          minimum: 1,
          maximum: 36500,
          description: "Events older than this lose their identity in the event store (seed 004: identity_id after 90 days): the user id, the schema's `pii` fields and the identity meta fields are removed; the event stays (counts, analytics). The ledger keeps its user links",
        },
        identityMeta: { type: 'array', items: { type: 'string' }, maxItems: 20, description: 'Envelope meta fields removed with the identity (seed 004: session_id, anonymous_id)' },
      },
    },
    logicalKey: {
      type: 'array',
      minItems: 1,
      maxItems: 5,
      items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$' },
      description:
        "Fields of the raw event (dotted paths) that identify one logical event across schema versions (seed 003's dual-publish: the v1 and v2 copies of one event, each with its own event id). When all are present, they (with the type, without its version) are the idempotency key: the second copy is a duplicate, never a second award",
    },
    typeGuards: {
      type: 'array',
      default: [],
      maxItems: 10,
      description: "An envelope field that must agree with the event type's family (seed 002's type guards: a HealthEventType event says journey `health`). A value outside the listed ones, or none, is not checked",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['field', 'byFamily'],
        properties: {
          field: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'A meta field of the envelope (e.g. `journey`)' },
          byFamily: { type: 'object', minProperties: 1, additionalProperties: { type: 'string' }, description: 'The value each schema family (the first word of `x-questline.family`) must carry' },
        },
      },
    },
    aliases: {
      type: 'object',
      default: { types: {}, values: [] },
      description: 'Old type names (`types`: old → new) and deprecated values (`values`) accepted and rewritten at ingest',
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

/** `{ path, prefix }`, or `{ hash: [fields], prefix }`: a SHA-256 of those fields' values (a key for events that may lack an id). */
const fieldAlternative = {
  anyOf: [
    { type: 'object', required: ['path'], properties: { path: { type: 'string' }, prefix: { type: 'string' } }, additionalProperties: false },
    { type: 'object', required: ['hash'], properties: { hash: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string' } }, prefix: { type: 'string' } }, additionalProperties: false },
  ],
} as const;
const fieldSource = {
  anyOf: [{ type: 'string' }, fieldAlternative, { type: 'array', minItems: 1, items: { anyOf: [{ type: 'string' }, fieldAlternative] } }],
} as const;

export const DIALECT_SCHEMA = {
  type: 'object',
  required: ['id', 'description', 'detect', 'envelope', 'map'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$', description: "What packs name in `ingest.dialects`; the file's name" },
    description: { type: 'string', description: 'What the envelope looks like, for people' },
    detect: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Top-level fields that identify this dialect: an event with all of them present is read with it' },
    contentTypes: { type: 'array', items: { type: 'string' }, description: 'Content types that select this dialect directly (e.g. application/cloudevents+json)' },
    envelope: { type: 'object', description: 'JSON Schema (draft 2020-12) of the raw envelope: required fields, formats, sizes. The payload is checked separately against the event type\'s schema' },
    outbound: {
      type: 'object',
      required: ['envelope'],
      additionalProperties: false,
      description: "How the platform writes this dialect when it publishes a tenant's outcomes back (packs' `outbound`)",
      properties: {
        envelope: {
          type: 'object',
          description:
            'The envelope as a template over the outcome: `$id` (stable UUID), `$type` (the event name), `$at`, `$userId`, `$payload` (the rendered payload), `$scopes.<dimension>`, `$tenantId`, `$eventId` (the source event), `$kind`; `|int` / `|string` convert. The result must map back through this dialect (`map`) to the same id, type and payload',
        },
      },
    },
    map: {
      description: 'Where each canonical field is found in the raw event: a dotted path, `{ path, prefix }`, `{ hash: [fields], prefix }` (a SHA-256 of the values of those fields as sent: keys inside an object are sorted, but strings are compared exactly — `2026-12-04T14:47:44Z` and `…44.000Z` are two events, so producers must write such fields the same way every time), or a list of alternatives (first present wins)',
      type: 'object',
      additionalProperties: false,
      required: ['type', 'occurredAt', 'payload'],
      properties: {
        id: { ...fieldSource, description: "The producer's own id of the event, kept as its `externalId` (and its deduplication key unless `idempotencyKey` is mapped). The platform's id is a UUID derived from the tenant and the deduplication key: the one `POST /v1/events` answers and `GET /v1/events/{id}` takes" },
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
        userId: { ...fieldSource, description: "The acting user; absent → the schema's `subject` field in the payload" },
        occurredAt: { ...fieldSource, description: 'When it happened (ISO-8601 date-time)' },
        source: fieldSource,
        idempotencyKey: { ...fieldSource, description: "Deduplication key; absent or missing on an event → the event's id" },
        correlationId: fieldSource,
        causationId: fieldSource,
        traceId: fieldSource,
        payload: {
          description: 'One path to the payload object, or `{ rest: true }`: every top-level field not mapped above or listed in `meta`',
          anyOf: [{ type: 'string' }, { type: 'object', required: ['rest'], properties: { rest: { const: true } }, additionalProperties: false }] },
        meta: { type: 'array', items: { type: 'string' }, description: "Top-level fields copied into the envelope's meta (rules can read `meta.<field>`)" },
      },
    },
  },
} as const;
