/**
 * An envelope dialect: how one producer family's events map onto the canonical envelope.
 * Declarative (event-schemas/dialects/<id>.yaml), compiled once into a fast mapper. Tenants pick
 * dialects by id in their pack; a new producer family needs a YAML file, not code.
 */
export interface DialectSpec {
  id: string;
  description: string;
  /** Top-level fields that identify this dialect: all must be present. */
  detect: string[];
  /** Content types that select this dialect directly (e.g. application/cloudevents+json). */
  contentTypes?: string[];
  /** JSON Schema (draft 2020-12) of the raw envelope: required meta fields, formats, sizes. */
  envelope: Record<string, unknown>;
  map: DialectMapping;
  /** How outcomes are written in this dialect (template over the outcome: see template.ts). */
  outbound?: { envelope: Record<string, unknown> };
}

/** A dotted path into the raw event, or an ordered list of alternatives (first present wins). */
export type FieldSource = string | FieldAlternative | (string | FieldAlternative)[];
export interface FieldAlternative {
  /** A dotted path into the raw event (absent when `hash` derives the value). */
  path?: string;
  /** Prepended to the value (e.g. `anon:` for an anonymous id). */
  prefix?: string;
  /**
   * Derive the value from these fields (`*`: the whole event) instead: the SHA-256 (base64url) of their values in
   * canonical JSON (keys sorted). For producers whose events may lack an id (seed 002's optional
   * `id`): the same event sent twice gets the same idempotency key; any difference in these
   * fields makes another.
   */
  hash?: string[];
}

export interface DialectMapping {
  id?: FieldSource;
  type: FieldSource | { path: string; stripPrefix?: string; versionSuffix?: boolean };
  /** Where the schema version comes from; absent → the latest active version. */
  version?: { path: string; format: 'integer' | 'semver-major' | 'url-suffix' };
  userId?: FieldSource;
  occurredAt: FieldSource;
  source?: FieldSource;
  /** Absent or missing on an event → the event id (a producer's retry reuses its event id). */
  idempotencyKey?: FieldSource;
  correlationId?: FieldSource;
  causationId?: FieldSource;
  traceId?: FieldSource;
  /** The payload: one path (an object), or `rest` = every top-level field not used above or in meta. */
  payload: string | { rest: true };
  /** Top-level fields copied into the envelope's meta (rule_version, batch_job_id, producer_id...). */
  meta?: string[];
}
