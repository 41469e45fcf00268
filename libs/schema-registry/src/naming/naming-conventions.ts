/**
 * Event naming conventions found in the seeds. A namespace declares one; ingest checks every
 * incoming name against it, and the registry checks every schema's type.
 */
export const NAMING_CONVENTIONS = {
  /** `<domain>_<entity>_<action>_event` (Engagement Platform, seed 000; its own `achievement_unlocked_event` omits the entity). */
  snake_event: /^[a-z][a-z0-9]*(_[a-z0-9]+){1,5}_event$/,
  /** `<domain>.<entity>.<action>` (TekTree seed 001 — also `<domain>.<action>` —, Unofficial Communities seed 004). */
  dotted: /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,4}$/,
  /** SCREAMING_SNAKE enum names (AUSTA, seed 002). */
  screaming_snake: /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/,
  /** `vas.<domain>.<event>.v<N>` (DX-VAS, seed 003); checked on the name as sent, suffix included. */
  vas_versioned: /^vas\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.v[1-9][0-9]*$/,
  /** No convention (CloudEvents reverse-DNS types, the canonical dialect): any dotted or snake name. */
  any: /^[A-Za-z][A-Za-z0-9_.-]{0,199}$/,
} as const;

export type NamingConvention = keyof typeof NAMING_CONVENTIONS;

export const NAMING_EXAMPLES: Record<NamingConvention, string> = {
  snake_event: 'practice_attempt_submitted_event',
  dotted: 'knowledge.answer.accepted',
  screaming_snake: 'HEALTH_METRIC_RECORDED',
  vas_versioned: 'vas.user.created.v2',
  any: 'com.example.thing.happened',
};

export function followsConvention(name: string, convention: NamingConvention): boolean {
  return NAMING_CONVENTIONS[convention].test(name);
}

/** `vas.user.created.v2` → { base: 'vas.user.created', version: 2 }; names without a suffix → version undefined. */
export function splitVersionSuffix(name: string): { base: string; version: number | undefined } {
  const m = /^(.*)\.v([1-9][0-9]*)$/.exec(name);
  return m ? { base: m[1]!, version: Number(m[2]) } : { base: name, version: undefined };
}
