import type { UpcastOp } from '../upcast/upcast';
import type { NamingConvention } from '../naming/naming-conventions';
import type { CompatibilityMode } from '../compatibility/check-compatibility';

export type SchemaStatus = 'active' | 'deprecated' | 'draft';
export type Classification = 'primary' | 'secondary';
export type RetentionClass = 'short' | 'standard' | 'long' | 'audit' | 'indefinite';

/** `x-questline` block of an event schema file: governance metadata (seed 003's registry columns). */
export interface SchemaMetadata {
  namespace: string;
  type: string;
  version: number;
  status: SchemaStatus;
  description: string;
  producer: string;
  consumers: string[];
  classification: Classification;
  retention: RetentionClass;
  /** JSON pointers (into the payload) of fields holding personal data. */
  pii: string[];
  family?: string;
  source?: string;
  /**
   * Payload field naming the acting user when the envelope carries none (JSON pointer), or `none`
   * for events about no user (rank publications, system events): they get the subject `_system`.
   */
  subject?: string;
  deprecated?: { sunset: string; replacedBy?: string };
  /** How to turn a payload of the previous version into this version (applied in order). */
  upcast?: UpcastOp[];
  /** This version is deliberately incompatible with the previous one (it must then carry `upcast` steps). */
  breaking?: boolean;
  /** Counts only (seed 004): only the declared payload properties are kept, minus `content`. */
  countsOnly?: boolean;
  /** Payload fields that are content (never stored). */
  content?: string[];
  /** Consents the user must have given for the event to be linked to them (else it is only counted). */
  consents?: string[];
}

export interface SchemaDocument {
  metadata: SchemaMetadata;
  /** The JSON Schema (draft 2020-12) of the payload, as committed. */
  schema: Record<string, unknown>;
  /** Repository-relative path of the file, for error messages. */
  file: string;
}

/** A deprecated value alias (seed 000: axis_type `vocab_points` → `vocab_care_points`). */
export interface ValueAlias {
  /** JSON pointer into the payload. */
  pointer: string;
  from: string;
  to: string;
  sunset?: string;
}

/** `event-schemas/<namespace>/namespace.yaml`: conventions shared by a namespace's event types. */
export interface NamespaceConfig {
  namespace: string;
  title: string;
  source?: string;
  naming: NamingConvention;
  /** Compatibility a new version must keep with the previous one (Confluent semantics). */
  compatibility: CompatibilityMode;
  /** Serialized payload limit in bytes. */
  maxPayloadBytes: number;
  /** How long a deprecated version is kept before its sunset (seed 001: 6 months). */
  deprecationPeriodDays: number;
  aliases: { types: Record<string, string>; values: ValueAlias[] };
  /** An event naming no version: the newest published (`current`) or the first, upcast (`oldest`). */
  unversioned?: 'current' | 'oldest';
  /** Envelope fields that must agree with the type's family (seed 002's type guards). */
  typeGuards?: { field: string; byFamily: Record<string, string> }[];
  /** Fields of the raw event that identify one logical event across versions (dual-publish): dedup uses them when present. */
  logicalKey?: string[];
  /** Days accepted events are kept in the event store, by retention class and by type pattern (which wins); null or absent: kept. */
  retention?: { classes?: Partial<Record<RetentionClass, number | null>>; types?: Record<string, number | null>; anonymiseAfterDays?: number; identityMeta?: string[] };
}

/** Days an event type is kept in the event store under its namespace's policy; undefined: kept. */
export function retentionDays(ns: NamespaceConfig, type: string, retentionClass: RetentionClass): number | undefined {
  const types = ns.retention?.types ?? {};
  if (type in types) return types[type] ?? undefined;
  let best: { len: number; days: number | null } | undefined;
  for (const [pattern, days] of Object.entries(types)) {
    if (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1)) && (!best || pattern.length > best.len)) best = { len: pattern.length, days };
  }
  if (best) return best.days ?? undefined;
  return ns.retention?.classes?.[retentionClass] ?? undefined;
}

export const NAMESPACE_DEFAULTS = {
  compatibility: 'BACKWARD',
  maxPayloadBytes: 64 * 1024,
  deprecationPeriodDays: 182,
} as const;
