import { NOTIFICATION_KINDS, OUTBOUND_KINDS } from '@questline/contracts';
const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$' } as const;
const eventPattern = { type: 'string', pattern: '^(\\*|[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*(\\.\\*)?)$' } as const;
const activityOn = {
  description: "Event type(s) counted, each registered in the pack's `schemaNamespace` (`*`, or a trailing `.*` for a family, which must match at least one registered type)",
  oneOf: [eventPattern, { type: 'array', minItems: 1, maxItems: 50, items: eventPattern }],
} as const;
const reward = {
  type: 'object',
  additionalProperties: false,
  required: ['currency', 'amount'],
  properties: { currency: id, amount: { type: 'integer', minimum: 1, maximum: 1000000000 } },
} as const;
const step = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'target'],
  oneOf: [{ required: ['on'] }, { required: ['metric'] }],
  properties: {
    id,
    on: activityOn,
    if: {},
    metric: {
      ...id,
      description:
        "Instead of `on`: the step's progress is this metric's value for the user (in the event's period, for a metric kept per day, week or month), e.g. answers in 3 distinct topics today. The metric must be kept for the acting user (`to: subject`)",
    },
    target: { type: 'integer', minimum: 1, maximum: 1000000000 },
    by: {
      description: 'How much one event adds: an integer or a JSONLogic expression over { event, payload } (default 1)',
      oneOf: [
        { type: 'integer', minimum: 1, maximum: 1000000000 },
        { type: 'object', additionalProperties: false, required: ['expr'], properties: { expr: {} } },
      ],
    },
  },
} as const;
/** At most `max` within any `hours`-long window of event time (not a calendar period). */
const rollingCap = {
  type: 'object',
  additionalProperties: false,
  required: ['hours', 'max'],
  description: 'At most `max` of the currency within any window of `hours` hours of event time, paying the remainder; holds in every window whatever the order of arrival',
  properties: { hours: { type: 'integer', minimum: 1, maximum: 744 }, max: { type: 'integer', minimum: 1, maximum: 1000000000 } },
} as const;
const quest = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'steps'],
  properties: {
    id,
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    steps: { type: 'array', minItems: 1, maxItems: 20, items: step },
    ordered: { type: 'boolean', default: false, description: 'Steps must be completed in order (a step only counts once the ones before it are done)' },
    reward,
    availableFrom: { type: 'string', format: 'date-time', description: 'Quests only (ignored in missions.pool): available in [availableFrom, availableUntil)' },
    availableUntil: { type: 'string', format: 'date-time', description: 'Quests only (ignored in missions.pool): see availableFrom' },
    deadlineDays: { type: 'integer', minimum: 1, maximum: 3660, description: 'Quests only (ignored in missions.pool): must be completed within this many days of the first progress' },
    repeat: { enum: ['never', 'day', 'week'], default: 'never', description: 'Quests only (ignored in missions.pool): `never` (once per user), or again every local day or week' },
  },
} as const;

/** A badge's class for grouping and display (Stack Overflow's bronze, silver, gold). */
const badgeClass = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9_.-]{0,39}$',
  description: 'A class for grouping and display (e.g. `bronze`, `silver`, `gold`): in the catalogue, a user\'s achievements and the unlock notification (`{class}` in a template)',
} as const;

/** The criteria an achievement can be unlocked by, alone or combined with `all` / `any` (a leaderboard finish stands alone). */
const criteria = [
  {
    type: 'object',
    additionalProperties: false,
    required: ['currency', 'lifetimeAtLeast'],
    description: "The user's lifetime balance of `currency` reaches `lifetimeAtLeast`",
    properties: { currency: id, lifetimeAtLeast: { type: 'integer', minimum: 1 } },
  },
  {
    type: 'object',
    additionalProperties: false,
    required: ['metric', 'atLeast'],
    description: "The user's value of a metric reaches `atLeast` (in any one period, for a metric kept per day, week or month): 20 check-ins, answers in 5 distinct topics",
    properties: { metric: id, atLeast: { type: 'integer', minimum: 1, maximum: 1000000000 } },
  },
  {
    type: 'object',
    additionalProperties: false,
    required: ['streak', 'atLeast'],
    description: 'A streak of the pack reaches `atLeast` periods (a 30-day streak)',
    properties: { streak: id, atLeast: { type: 'integer', minimum: 1, maximum: 100000 } },
  },
  { type: 'object', additionalProperties: false, required: ['level'], description: 'The user reaches this level', properties: { level: { type: 'integer', minimum: 2, maximum: 1000 } } },
  { type: 'object', additionalProperties: false, required: ['quest'], description: 'The user completes this quest', properties: { quest: id } },
  { type: 'object', additionalProperties: false, required: ['mission'], description: 'The user completes this daily mission (any day)', properties: { mission: id } },
] as const;

/** JSON Schema of the pack format; packs are checked against it before any semantic check. */
export const PACK_SCHEMA = {
  $id: 'https://questline.dev/schemas/pack.json',
  type: 'object',
  additionalProperties: false,
  required: ['tenant', 'version', 'name', 'schemaNamespace', 'currencies', 'rules'],
  properties: {
    tenant: { ...id, description: "The tenant's id: the folder name under PACKS_DIR, and what API keys and the questline-tenant header name" },
    version: { type: 'integer', minimum: 1, maximum: 1000000000, description: 'Raise it on every change; uploads and activations are per version, ledger entries record it' },
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'Display name' },
    timezone: { type: 'string', default: 'UTC', description: 'IANA time zone of days, weeks and months (caps, streaks, board periods)' },
    metricsDimension: {
      ...id,
      description:
        "A declared dimension whose value labels the per-event metrics (seed 002 §9.1: volume, processing time and error rate by journey): questline_events_settled_total and questline_event_processing_seconds. Use a dimension with few values (a journey, a module), not an id: past 50 distinct values the rest count as `other`; of a list, its first value labels the event",
    },
    userTimezone: {
      ...id,
      description: "A declared dimension whose value is the user's IANA time zone: days, weeks and months of caps, once-per keys, metrics, streaks and missions follow it when an event carries a valid one (else the envelope's meta.timezone, else `timezone`)",
    },
    schemaNamespace: { ...id, description: "The registry namespace holding this tenant's event types (`<registry>/<namespace>/`)" },
    ingest: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        dialects: { type: 'array', items: id, minItems: 1, default: ['canonical'], description: 'Envelope dialects accepted, tried in this order (`<registry>/dialects/<id>.yaml`)' },
        stripTypePrefixes: { type: 'array', items: { type: 'string', minLength: 1 }, default: [], description: 'Prefixes removed from incoming type names before lookup, e.g. `com.tektree.`' },
        kafkaTopics: {
          type: 'array',
          description:
            "Kafka topics this tenant's services publish product events to; ingest consumes them. Each is the tenant's own: not another tenant's, and not a reserved name: nothing in the `questline.` namespace (the shared inbound topic `questline.inbound.v1` and Questline's internal topics), nothing starting with `__` (Kafka's own), ending with `.dlq` (dead letters) or containing `.retry-` (retry topics); `_` counts as `.` (Kafka treats them alike).",
          items: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,200}$' },
          uniqueItems: true,
          default: [],
        },
        maxEventAgeDays: {
          type: 'integer',
          minimum: 0,
          maximum: 36500,
          default: 400,
          description: 'Events whose time is older than this many days are refused at ingest (occurred_at_too_old); raise it for a back-fill; 0 keeps only the absolute floor of 1970-01-01.',
        },
        deadLetterTopic: {
          type: 'string',
          pattern: '^([A-Za-z0-9._-]|\\{[a-z][A-Za-z0-9_]*\\}){1,200}$',
          description:
            "A Kafka topic of the tenant's own that receives a copy of each of its dead letters in seed 002 §8.2's shape ({ originalEvent, error: { message, stack, name }, timestamp, retryCount }), the original event being the one the producer sent (as accepted). `{field}` is read from the event's envelope meta, then its payload (`unknown` when absent): seed 002's `{journey}.events.dlq`. The platform's own `<topic>.dlq` and the dead-letter API are kept as they are. Reserved names are refused as for `ingest.kafkaTopics`, except that it may end in `.dlq`",
        },
      },
    },
    clients: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: "The tenant's browser and app clients (which call the API with user tokens)",
      properties: {
        corsOrigins: {
          type: 'array',
          maxItems: 50,
          uniqueItems: true,
          default: [],
          description: 'Web origins allowed to call the API from a browser (CORS), exactly as the browser sends them: `https://app.example.com`, `http://localhost:5173`',
          items: { type: 'string', pattern: '^https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$' },
        },
      },
    },
    outbound: {
      type: 'object',
      additionalProperties: false,
      required: ['dialect', 'topic', 'events'],
      description:
        "Outbound contracts: the platform publishes the tenant's outcomes back to the tenant's own Kafka topics, in its own event names and envelope (the dialect's `outbound.envelope`), each payload validated against the tenant's registered schema for that name. At least once; every message has a stable id (the same outcome always gets the same id), so consumers deduplicate on it. See docs/outbound.md",
      properties: {
        dialect: { ...id, description: 'The envelope dialect to write (`<registry>/dialects/<id>.yaml`, which must have an `outbound.envelope`)' },
        topic: {
          type: 'string',
          pattern: '^[A-Za-z0-9._-]{1,200}$',
          description: "The default topic (a tenant's topics are its own: no other tenant may read or write them, and reserved names are refused as for `ingest.kafkaTopics`)",
        },
        events: {
          type: 'array',
          minItems: 1,
          maxItems: 100,
          description: 'Which outcomes go out, under which event name, with which payload',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['on', 'type', 'payload'],
            properties: {
              on: {
                description: 'The outcome kind(s) (docs/outbound.md lists them and their fields)',
                oneOf: [{ enum: [...OUTBOUND_KINDS] }, { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...OUTBOUND_KINDS] } }],
              },
              when: {
                type: 'object',
                maxProperties: 10,
                description: 'Only outcomes whose fields equal these values, or one of a list (e.g. `{ currency: xp }`, `{ currency: [duration, volume] }`, `{ board: community-weekly, dimension: community }`)',
                additionalProperties: {
                  oneOf: [{ type: ['string', 'number', 'boolean', 'null'] }, { type: 'array', minItems: 1, maxItems: 50, items: { type: ['string', 'number', 'boolean', 'null'] } }],
                },
              },
              type: { type: 'string', minLength: 1, maxLength: 200, description: "The event name, registered in the tenant's schema namespace" },
              topic: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,200}$', description: 'This event only: another topic than the default (reserved names refused as for `ingest.kafkaTopics`)' },
              payload: {
                type: 'object',
                description: 'The payload template: `$path` reads the outcome (`$amount`, `$userId`, `$scopes.community|int`), anything else is literal (docs/outbound.md)',
              },
            },
          },
        },
      },
    },
    privacy: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description:
        "Which events are linked to their user. An event whose user is anonymous (`anonymousPrefix`) or lacks a consent its schema (`x-questline.consents`) or this section (`requireForAll`) asks for is only counted, per tenant, type and day, with no user id: never a profile, a ledger credit, a badge or a rank. Consents come from the user's latest decision (`PUT /v1/users/{id}/consents`), else the event's own `meta.consents`, else `defaults`",
      properties: {
        anonymousPrefix: { type: 'string', minLength: 1, maxLength: 32, description: 'User ids starting with this are anonymous (seed 004: `anon:` from anonymous_id)' },
        requireForAll: { type: 'array', uniqueItems: true, maxItems: 10, default: [], items: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' }, description: 'Consents every event needs (seed 004 §8.2: telemetry)' },
        defaults: {
          type: 'object',
          default: {},
          description: 'A consent nobody has decided on yet: `granted` (opt-out, e.g. telemetry: an objection revokes it) or `denied` (opt-in, e.g. whatsapp_activity). Unlisted: denied',
          propertyNames: { pattern: '^[a-z][a-z0-9_]{0,63}$' },
          additionalProperties: { enum: ['granted', 'denied'] },
        },
      },
    },
    notifications: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: "How the tenant's notifications read and group: message templates per kind and locale, and batching windows",
      properties: {
        defaultLocale: {
          type: 'string',
          pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
          default: 'en',
          description: "The locale a user without a preference reads (BCP 47, e.g. `en`, `vi`, `pt-BR`); a user's own is set in their notification preferences",
        },
        templates: {
          type: 'object',
          default: {},
          description:
            'Titles per notification kind and locale, in ICU MessageFormat (`{amount}`, `{count, plural, one {…} other {…}}`). Variables: the notification\'s data (e.g. amount, currency, name, board, rank), `title` (the built-in English title), and for a batched notification `count` (how many it groups) and `total` (their summed amount). Amounts are signed (a penalty\'s is negative): `{amount, number, ::sign-always}` writes +10 and -2',
          propertyNames: { enum: [...NOTIFICATION_KINDS] },
          additionalProperties: {
            type: 'object',
            minProperties: 1,
            propertyNames: { pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
            additionalProperties: { type: 'string', minLength: 1, maxLength: 500 },
          },
        },
        mute: {
          type: 'array',
          default: [],
          uniqueItems: true,
          maxItems: 100,
          items: { type: 'string', pattern: '^(\\*|[a-z_]+\\.\\*|[a-z_]+(\\.[a-z_]+)+)$' },
          description:
            'Kinds (or families, `streak.*`) never recorded for this tenant\'s users: no feed entry, stream or webhook delivery (outbound contracts still carry the outcomes). E.g. `[points.corrected]` to keep re-scoring corrections out of the feed',
        },
        batch: {
          type: 'object',
          default: {},
          description: 'Kinds grouped per user: a notification of the kind within `windowSeconds` of the first of an unread group joins it (one feed entry, "5 people liked your answer") instead of adding another. Points group per rule and currency',
          propertyNames: { enum: [...NOTIFICATION_KINDS] },
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            required: ['windowSeconds'],
            properties: { windowSeconds: { type: 'integer', minimum: 1, maximum: 86400 } },
          },
        },
      },
    },
    currencies: {
      type: 'array',
      minItems: 1,
      description: 'What rules award: points, XP, coins… Each has a lifetime, spendable and earned balance per user',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id,
          name: { type: 'string' },
          expiry: {
            type: 'object',
            additionalProperties: false,
            required: ['afterDays'],
            description: 'Credits expire afterDays after their event time, oldest first (points.expired).',
            properties: { afterDays: { type: 'integer', minimum: 1, maximum: 3650 } },
          },
          allowNegative: {
            type: 'boolean',
            default: false,
            description: 'Whether a support adjustment may take the spendable balance below zero (default: refused, 409 insufficient_balance). Penalty rules (negative amounts) and re-scoring corrections are not held by it: set `floor` for that.',
          },
          floor: {
            type: 'integer',
            minimum: -1000000000,
            maximum: 1000000000,
            description:
              'The lowest balance a debit of the scoring pipeline (a penalty rule, a re-scoring correction, a clawback) can leave: the part below it is not booked (a reputation that never drops below 1: `floor: 1`). Each debit sees the balance every earlier entry left, in ledger order; the entry books what the floor lets through and keeps what was asked (`requested`). A balance already at or below the floor takes nothing more. Reversals (exact), support adjustments, spending and expiry are not held by it. Default: no floor.',
          },
        },
      },
    },
    levels: {
      type: 'object',
      description: 'Levels from one currency: `thresholds` (lifetime balance at which each level starts) or a `formula`',
      additionalProperties: false,
      required: ['currency'],
      oneOf: [{ required: ['thresholds'] }, { required: ['formula'] }],
      properties: {
        currency: id,
        thresholds: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0 } },
        formula: {
          type: 'object',
          description: 'Thresholds from a JSONLogic expression over { level } (level 1, 2, ... maxLevel); expanded at load.',
          additionalProperties: false,
          required: ['expr', 'maxLevel'],
          properties: { expr: {}, maxLevel: { type: 'integer', minimum: 1, maximum: 1000 } },
        },
        allowDown: { type: 'boolean', default: false, description: 'Levels can go down (computed on earned net of penalties and corrections).' },
      },
    },
    rules: {
      type: 'array',
      description: 'Event → award rules; every decision records the rule id and version',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'on', 'award'],
        properties: {
          id,
          version: { type: 'integer', minimum: 1, maximum: 1000000000, default: 1, description: "The rule's version, recorded on every ledger entry it pays: a rule that pays differently needs a new one" },
          description: { type: 'string' },
          on: { ...eventPattern, description: "Event type this rule scores, registered in the pack's `schemaNamespace` (`*`, or a trailing `.*` for a family, which must match at least one registered type)" },
          if: { description: 'Optional JSONLogic condition over { event, payload, meta }' },
          award: {
            type: 'object',
            additionalProperties: false,
            required: ['currency', 'amount'],
            properties: {
              currency: id,
              amount: {
                description: 'An integer (negative: a penalty), or { expr: <JSONLogic over { event, payload }> } rounded down to an integer.',
                oneOf: [
                  { type: 'integer', minimum: -1000000000, maximum: 1000000000 },
                  { type: 'object', additionalProperties: false, required: ['expr'], properties: { expr: {} } },
                ],
              },
              to: { type: 'string', pattern: '^(subject|(payload|meta)(\\.[A-Za-z0-9_]+)+)$', default: 'subject', description: "Who is credited: the event's user (`subject`) or a user id in the payload or meta. A value that is not a valid user id (1 to 128 characters, not starting with `_` or `deleted:`, no control characters: what ingest accepts as an event's user) credits no one: that award is skipped, the reason kept with the event's decision, and its other awards stand" },
              min: { type: 'integer', minimum: -1000000000, maximum: 1000000000, description: 'Computed amounts below this are refused (default 0: a negative computed amount needs a declared min below 0, a penalty).' },
              max: { type: 'integer', minimum: -1000000000, maximum: 1000000000, description: 'Computed amounts above this are refused (default 1,000,000).' },
              ignoreSelf: { type: 'boolean', description: 'Skip when the recipient is the event\'s own user (default: true unless `to` is subject).' },
            },
          },
          oncePer: {
            type: 'object',
            additionalProperties: false,
            required: ['key'],
            description: 'Pay at most once per recipient and key built from the event: once ever, or once per local day, week or month (first read of an article, one vote per voter and answer, first purchase of an item)',
            properties: {
              key: {
                type: 'array',
                minItems: 1,
                maxItems: 5,
                items: { type: 'string', pattern: '^(subject|(payload|meta)(\\.[A-Za-z0-9_]+)+)$' },
                description: 'The event fields the key is made of: `subject` (the acting user) or a path into the payload or meta. An event missing one is not paid (its outcome says which field)',
              },
              per: { enum: ['ever', 'day', 'week', 'month'], default: 'ever' },
            },
          },
          limits: {
            type: 'object',
            additionalProperties: false,
            description: "Per recipient, counted in the event's time in the tenant's time zone (or the user's).",
            properties: {
              perDay: { type: 'integer', minimum: 1, description: 'At most this many awards per local day' },
              perWeek: { type: 'integer', minimum: 1, description: 'At most this many awards per week (from the pack\'s weekStart)' },
              perMonth: { type: 'integer', minimum: 1, description: 'At most this many awards per calendar month' },
              amountPerDay: { type: 'integer', minimum: 1, maximum: 1000000000, description: 'At most this amount per local day; the award that crosses it is paid the remainder. Penalties never count' },
              amountPerWeek: { type: 'integer', minimum: 1, maximum: 1000000000, description: 'At most this amount per week, paying the remainder' },
              amountPerMonth: { type: 'integer', minimum: 1, maximum: 1000000000, description: 'At most this amount per calendar month, paying the remainder' },
              amountRolling: rollingCap,
              cooldownSeconds: { type: 'integer', minimum: 1, maximum: 2678400 },
            },
          },
        },
      },
    },
    caps: {
      type: 'array',
      default: [],
      description: 'Amount caps shared by several rules: at most N of a currency per user and period from these rules together; the award that crosses a cap is paid the remainder, so the period total is min(sum, cap) whatever the order of arrival. Positive awards only: penalties never consume a cap',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'currency', 'rules'],
        anyOf: [{ required: ['perDay'] }, { required: ['perWeek'] }, { required: ['perMonth'] }, { required: ['rolling'] }],
        properties: {
          id,
          currency: { ...id, description: 'The currency capped; every rule listed must award it' },
          rules: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: id, description: 'The rules whose awards count toward the cap (and are paid at most its remainder)' },
          perDay: { type: 'integer', minimum: 1, maximum: 1000000000 },
          perWeek: { type: 'integer', minimum: 1, maximum: 1000000000 },
          perMonth: { type: 'integer', minimum: 1, maximum: 1000000000 },
          rolling: rollingCap,
        },
      },
    },
    boosts: {
      type: 'array',
      default: [],
      description: 'Multipliers on awards whose event time falls in [from, to).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'factor', 'from', 'to'],
        properties: {
          id,
          factor: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
          from: { type: 'string', format: 'date-time' },
          to: { type: 'string', format: 'date-time' },
          currencies: { type: 'array', items: id },
          rules: { type: 'array', items: id },
        },
      },
    },
    conversions: {
      type: 'array',
      default: [],
      description: "Every award in `from` also credits floor(amount × rate) of `to` (seed 000's converted points).",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'to', 'rate'],
        properties: { from: id, to: id, rate: { type: 'number', exclusiveMinimum: 0, maximum: 1000000 } },
      },
    },
    gates: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        leaderboard: {
          description: "Seed 000's gate 1: an event for which this JSONLogic condition is false never reaches public leaderboards (its points still count).",
          type: 'object',
          additionalProperties: false,
          required: ['if'],
          properties: { if: {} },
        },
      },
    },
    leaderboards: {
      description: 'Ranked boards over a currency or a metric: all-time, daily, weekly, monthly or seasons, optionally scoped by dimensions (at most 100: every board is walked by the period job each pass)',
      type: 'array',
      default: [],
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        oneOf: [{ required: ['currency'] }, { required: ['metric'] }],
        properties: {
          id,
          name: { type: 'string' },
          currency: { ...id, description: "Ranks the users' earnings of this currency in each window" },
          metric: {
            ...id,
            description:
              "Ranks a metric instead (\"most answers accepted this week\"): each move of the metric is kept in the ledger as a tally `metric.<id>` (not spendable, not in balances) that the board sums per window, so every point on the board names the event that caused it",
          },
          windows: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['all-time', 'daily', 'weekly', 'monthly', 'season'] }, default: ['all-time'] },
          seasons: {
            type: 'array',
            maxItems: 200,
            items: { type: 'object', additionalProperties: false, required: ['id', 'from', 'to'], properties: { id, from: { type: 'string' }, to: { type: 'string' } } },
          },
          scopes: { type: 'array', uniqueItems: true, maxItems: 5, items: id, default: [], description: 'Dimensions (ids of `dimensions`) the board is also ranked within; the global board is always kept' },
          ties: { enum: ['competition', 'dense'], default: 'competition', description: '`competition` (1, 2, 2, 4) or `dense` (1, 2, 2, 3); among ties, who reached the score first is listed first (to the minute on period boards, to the hour on all-time ones; within it by user id, descending)' },
          updates: {
            type: 'object',
            additionalProperties: false,
            description:
              "Announce this board's changes (seed 001's gamification.leaderboard.updated, seed 004's gamification.ranking.updated): when awards move it, its current period's top N is announced at most once per `everySeconds` per window and scope, and only when the top N changed; each announcement says whether the first three changed since the last one (the previous period's, on the first of a new period). Outbound contracts publish them as `ranking.updated`",
            properties: {
              everySeconds: { type: 'integer', minimum: 1, maximum: 86400, default: 5 },
              top: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
            },
          },
          lifecycle: {
            type: 'object',
            description: 'A period that has ended is computed from the ledger at once, published `publishAfterMinutes` after its end (late events still count) and locked `lockAfterHours` after its end: its standings are then final and served from Postgres',
            additionalProperties: false,
            default: {},
            properties: {
              publishAfterMinutes: { type: 'integer', minimum: 0, maximum: 10080, default: 60 },
              lockAfterHours: { type: 'integer', minimum: 0, maximum: 2160, default: 24 },
            },
          },
        },
      },
    },
    dimensions: {
      type: 'array',
      default: [],
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'path'],
        properties: {
          id,
          path: {
            description: 'Where the value is read: `payload.community_id`, `meta.context_scope`, `userId`…, or a list of such paths (the first present wins). A string or a number of 1–128 characters is one value; a list (a question\'s `payload.tags`) is several: the event counts on each value\'s board (its first 10 distinct values)',
            oneOf: [
              { type: 'string', minLength: 1, maxLength: 200 },
              { type: 'array', minItems: 1, maxItems: 5, items: { type: 'string', minLength: 1, maxLength: 200 } },
            ],
          },
        },
      },
    },
    leagues: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'currency', 'tiers'],
        properties: {
          id,
          name: { type: 'string', minLength: 1 },
          currency: id,
          tiers: { type: 'array', minItems: 2, maxItems: 20, uniqueItems: true, items: id, description: 'Lowest first; everyone starts in the first' },
          cohortSize: { type: 'integer', minimum: 2, maximum: 1000, default: 30, description: 'Users per weekly cohort' },
          promote: { type: 'integer', minimum: 0, maximum: 1000, default: 5, description: 'The top `promote` of a cohort move up a tier at the end of the week' },
          demote: { type: 'integer', minimum: 0, maximum: 1000, default: 5, description: 'The bottom `demote` move down a tier' },
          settleAfterHours: { type: 'integer', minimum: 0, maximum: 2160, default: 1, description: 'Late events count in their week until it is settled, this long after it ends' },
        },
      },
    },
    weekStart: { type: 'integer', minimum: 1, maximum: 7, default: 1, description: 'First day of the week (1 = Monday ... 7 = Sunday).' },
    streaks: {
      description: 'Consecutive periods with activity, with freezes, repair and milestone rewards',
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'on', 'period'],
        properties: {
          id,
          name: { type: 'string', minLength: 1 },
          on: activityOn,
          if: {},
          period: { enum: ['day', 'week'] },
          grace: { type: 'integer', minimum: 0, maximum: 30, default: 0, description: 'Missed periods tolerated without breaking the streak' },
          maxFreezes: { type: 'integer', minimum: 0, maximum: 100, default: 0, description: 'Most freezes a user can hold; a freeze is spent automatically to cover one missed period' },
          freezeEvery: {
            type: 'integer',
            minimum: 1,
            maximum: 1000,
            description:
              'One freeze for every this many periods of a run, for as long as it lasts (7 on a day streak: one per week of it), up to `maxFreezes`; besides milestone freezes. Each is earned once per run',
          },
          milestones: {
            type: 'array',
            default: [],
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['length'],
              properties: { length: { type: 'integer', minimum: 2, maximum: 100000 }, reward, freezes: { type: 'integer', minimum: 1, maximum: 100 } },
            },
          },
          repair: {
            type: 'object',
            additionalProperties: false,
            required: ['withinPeriods'],
            description: 'A broken streak can be repaired within this many periods of the break (once per break)',
            properties: { withinPeriods: { type: 'integer', minimum: 1, maximum: 30 } },
          },
        },
      },
    },
    missions: {
      type: 'object',
      additionalProperties: false,
      required: ['perDay', 'pool'],
      properties: {
        perDay: { type: 'integer', minimum: 1, maximum: 20 },
        pool: { type: 'array', minItems: 1, maxItems: 200, items: quest },
      },
    },
    quests: { type: 'array', default: [], items: quest, description: 'Multi-step missions with optional order, windows, deadlines and a reward' },
    counters: {
      description: 'Per-user counts of events with milestone rewards',
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'steps', 'milestones'],
        properties: {
          id,
          name: { type: 'string', minLength: 1 },
          to: { type: 'string', pattern: '^(subject|(payload|meta)(\\.[A-Za-z0-9_]+)+)$', default: 'subject' },
          steps: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['on', 'by'],
              properties: { on: activityOn, if: {}, by: { type: 'integer', minimum: -1000000, maximum: 1000000 } },
            },
          },
          milestones: {
            type: 'array',
            minItems: 1,
            items: { type: 'object', additionalProperties: false, required: ['at'], properties: { at: { type: 'integer', minimum: 1 }, reward } },
          },
        },
      },
    },
    metrics: {
      description: 'Per-user metrics kept exactly once per event: a count of matching events, the sum of a payload value, or the number of distinct values (distinct topics, distinct days active), all-time or per local day, week or month, with milestone rewards. `GET /v1/users/{id}/metrics` shows them',
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'kind', 'on'],
        properties: {
          id,
          name: { type: 'string', minLength: 1 },
          kind: { enum: ['count', 'sum', 'distinct'] },
          on: activityOn,
          if: { description: 'Optional JSONLogic condition over { event, payload }' },
          value: {
            type: 'string',
            pattern: '^(day|subject|(payload|meta)(\\.[A-Za-z0-9_]+)+)$',
            description: 'sum: the numeric field added; distinct: the field whose distinct values are counted (`day`: the local date of the event, for distinct days active). An event without it does not move the metric',
          },
          to: { type: 'string', pattern: '^(subject|(payload|meta)(\\.[A-Za-z0-9_]+)+)$', default: 'subject', description: 'Whose metric moves' },
          per: { enum: ['all', 'day', 'week', 'month'], default: 'all', description: 'All-time, or a fresh value each local period' },
          milestones: {
            type: 'array',
            default: [],
            items: { type: 'object', additionalProperties: false, required: ['at'], properties: { at: { type: 'integer', minimum: 1 }, reward } },
            description: 'Each pays once per period instance when the value reaches it',
          },
        },
        if: { properties: { kind: { enum: ['sum', 'distinct'] } } },
        then: { required: ['value'] },
      },
    },
    achievements: {
      description:
        "Badges unlocked by a lifetime balance, a metric's value, a streak's length, a level, a completed mission or quest, a leaderboard finish, or `all` / `any` of several of these; with tiers, prerequisites, rewards, availability windows and repeats (levels also unlock `level-<n>` by themselves)",
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'when'],
        properties: {
          id,
          name: { type: 'string' },
          description: { type: 'string' },
          class: badgeClass,
          secret: { type: 'boolean', default: false, description: 'Hidden from catalogues until the user unlocks it' },
          reward: {
            type: 'object',
            additionalProperties: false,
            anyOf: [{ required: ['currency', 'amount'] }, { required: ['item'] }],
            description:
              'Given once per unlock (award key `badge:<id>:<user>`, with `:<occurrence>` for a repeatable one), for the event that unlocked it: points in any currency (counted on boards like any earning) and/or one unit of a rewards-catalog item, granted free (a redemption that takes stock but costs nothing)',
            properties: { currency: id, amount: { type: 'integer', minimum: 1, maximum: 1000000000 }, item: id },
          },
          onRevoke: {
            enum: ['keep', 'clawback'],
            default: 'keep',
            description: 'What happens to the reward when the achievement is revoked (by an admin, a lost level, or `revokeWhenLost`): `keep` it, or `clawback`: the points debited back (an adjustment that names the revocation) and the granted item failed, its unit returned',
          },
          revokeWhenLost: {
            type: 'boolean',
            default: false,
            description:
              "Withdrawn automatically when the basis is lost: a correction (re-scoring's compensations, a penalty, an admin debit) takes the user's net earned balance below a balance criterion, or their level below a level criterion. Metric, streak and completion badges are kept: re-scoring reports but does not rewrite that progress",
          },
          availableFrom: { type: 'string', format: 'date-time', description: 'A time-limited badge: only events at or after this time unlock it (the time of the event, or of the period lock)' },
          availableUntil: { type: 'string', format: 'date-time', description: 'Only events before this time unlock it' },
          repeatable: {
            type: 'boolean',
            default: false,
            description:
              'Unlocked again on each occurrence of its criterion, once per occurrence: each period of a per-day/week/month metric, each day of a mission, each instance of a repeating quest, each new run of a streak, each locked period of a leaderboard ("weekly champion" every week). Not for balances, levels or combinations',
          },
          requires: {
            type: 'array',
            maxItems: 20,
            uniqueItems: true,
            items: { type: 'string', minLength: 1, maxLength: 130 },
            description: 'Prerequisites: achievement ids (tiers too: `fan.silver`) the user must hold first; when the last one unlocks, this one unlocks too if its own criterion already holds',
          },
          tiers: {
            type: 'array',
            maxItems: 10,
            description:
              'Higher tiers of the same criterion (the achievement itself is the first): each is an achievement `<id>.<tier>` of its own, unlocked when the criterion reaches its `atLeast` (bronze at `when`, silver at 100, gold at 1,000)',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'atLeast'],
              properties: { id, name: { type: 'string' }, atLeast: { type: 'integer', minimum: 1, maximum: 1000000000 }, class: { ...badgeClass, description: "This tier's class (default: the achievement's)" } },
            },
          },
          when: {
            oneOf: [
              ...criteria,
              {
                type: 'object',
                additionalProperties: false,
                required: ['leaderboard', 'window', 'top'],
                description: 'A leaderboard finish ("weekly champion"): the user is in the top `top` of a period of this board and window (global scope) when the period locks',
                properties: { leaderboard: id, window: { enum: ['daily', 'weekly', 'monthly', 'season'] }, top: { type: 'integer', minimum: 1, maximum: 1000 } },
              },
              {
                type: 'object',
                additionalProperties: false,
                required: ['all'],
                description: 'Every one of these criteria holds at once (evaluated on the user\'s standing when one of them moves): 10 answers AND a 7-day streak',
                properties: { all: { type: 'array', minItems: 2, maxItems: 10, items: { oneOf: criteria } } },
              },
              {
                type: 'object',
                additionalProperties: false,
                required: ['any'],
                description: 'At least one of these criteria holds: 100 answers OR 50 accepted answers',
                properties: { any: { type: 'array', minItems: 2, maxItems: 10, items: { oneOf: criteria } } },
              },
            ],
          },
        },
      },
    },
  },
} as const;
