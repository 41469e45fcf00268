import { nameMatches, RESERVED_TOPICS_RULE, reservedTopic, type FieldError, type ReservedTopicKind } from '@questline/contracts';
import stableStringify from 'safe-stable-stringify';
import type { Pack } from './pack.types';

/** The ledger currency holding a ranked metric's tally (a board over the metric sums it per window). */
export const metricTally = (metricId: string) => `metric.${metricId}`;
export const isMetricTally = (currency: string) => currency.startsWith('metric.');

const rankedByPack = new WeakMap<Pack, Set<string>>();

/** The metrics some leaderboard ranks: their moves are also credited to their tally. */
export function rankedMetrics(pack: Pack): Set<string> {
  let ranked = rankedByPack.get(pack);
  if (!ranked) {
    ranked = new Set(pack.leaderboards.flatMap((b) => (b.metric === undefined ? [] : [b.metric])));
    rankedByPack.set(pack, ranked);
  }
  return ranked;
}

/** What a pack needs from the event registry (kept structural: the rules lib does no I/O). */
export interface RegistryView {
  namespace(id: string): unknown;
  dialect(id: string): unknown;
  current?(namespace: string, type: string): unknown;
  types?(namespace: string): string[];
  retentionDays?(namespace: string, type: string): number | undefined;
}

const WINDOW_DAYS: Record<string, number> = { daily: 1, weekly: 7, monthly: 31 };
const DAY_MS = 86_400_000;

/**
 * A type's events must be kept at least as long as the longest open period of a board its rules
 * score on (a day, a week, a month, the longest season): else that period could not be re-scored
 * while it is still being computed (re-scoring refuses windows past retention). All-time boards
 * read only the ledger and set no bound.
 */
export function retentionErrors(pack: Pack, registry: RegistryView): FieldError[] {
  if (!registry.types || !registry.retentionDays) return [];
  const errors: FieldError[] = [];
  const types = registry.types(pack.schemaNamespace);
  pack.rules.forEach((rule, i) => {
    let longest: { days: number; board: string; window: string } | undefined;
    for (const b of pack.leaderboards) {
      if (b.currency !== rule.award.currency) continue;
      for (const w of b.windows ?? []) {
        const days = w === 'season' ? Math.max(0, ...(b.seasons ?? []).map((s) => Math.ceil((Date.parse(s.to) - Date.parse(s.from)) / DAY_MS) + 1)) : WINDOW_DAYS[w];
        if (days && (!longest || days > longest.days)) longest = { days, board: b.id, window: w };
      }
    }
    if (!longest) return;
    const on = rule.on;
    const scored = types.filter((t) => nameMatches(on, t));
    for (const t of scored) {
      const kept = registry.retentionDays!(pack.schemaNamespace, t);
      if (kept !== undefined && kept < longest.days)
        errors.push({
          pointer: `/rules/${i}/on`,
          detail: `"${t}" events are kept ${kept} days, shorter than the ${longest.window} period (${longest.days} days) of board "${longest.board}" this rule scores: that period could not be re-scored while it is open`,
        });
    }
  });
  return errors;
}

/** A pack must name a schema namespace and dialects the registry has. */
export function registryErrors(pack: Pack, registry: RegistryView): FieldError[] {
  const errors: FieldError[] = [];
  if (!registry.namespace(pack.schemaNamespace))
    errors.push({
      pointer: '/schemaNamespace',
      detail: `"${pack.schemaNamespace}" is not in the event registry`,
    });
  pack.ingest.dialects.forEach((d, i) => {
    if (!registry.dialect(d))
      errors.push({
        pointer: `/ingest/dialects/${i}`,
        detail: `dialect "${d}" is not in the event registry`,
      });
  });
  // Outbound contracts: a dialect that can be written, and every event name registered (seed 003: every event has a schema).
  if (pack.outbound) {
    const dialect = registry.dialect(pack.outbound.dialect) as { render?: unknown } | undefined;
    if (!dialect)
      errors.push({
        pointer: '/outbound/dialect',
        detail: `dialect "${pack.outbound.dialect}" is not in the event registry`,
      });
    else if (!dialect.render)
      errors.push({
        pointer: '/outbound/dialect',
        detail: `dialect "${pack.outbound.dialect}" has no outbound.envelope: it cannot be written`,
      });
    pack.outbound.events.forEach((e, i) => {
      if (registry.current && !registry.current(pack.schemaNamespace, e.type))
        errors.push({
          pointer: `/outbound/events/${i}/type`,
          detail: `"${e.type}" is not registered in namespace "${pack.schemaNamespace}" (every outbound event has a schema)`,
        });
    });
  }
  errors.push(...eventTypeErrors(pack, registry));
  errors.push(...retentionErrors(pack, registry));
  return errors;
}

/** Where a pack names the event types it listens to: rules, streaks, metrics, quest and mission steps, counter steps. */
function listeners(pack: Pack): { pointer: string; on: string | readonly string[] }[] {
  const steps = (at: string, quests: readonly { steps: readonly { on?: string | readonly string[] }[] }[]) =>
    quests.flatMap((q, i) => q.steps.flatMap((s, j) => (s.on === undefined ? [] : [{ pointer: `${at}/${i}/steps/${j}/on`, on: s.on }])));
  return [
    ...pack.rules.map((r, i) => ({ pointer: `/rules/${i}/on`, on: r.on })),
    ...pack.streaks.map((s, i) => ({ pointer: `/streaks/${i}/on`, on: s.on })),
    ...pack.metrics.map((m, i) => ({ pointer: `/metrics/${i}/on`, on: m.on })),
    ...steps('/quests', pack.quests),
    ...steps('/missions/pool', pack.missions?.pool ?? []),
    ...steps('/counters', pack.counters),
  ];
}

/**
 * Every event type a pack listens to is registered in its namespace: a typo (`habit.creatd`) is
 * otherwise accepted and the rule, streak or step silently never moves. Registered means any
 * version, drafts included (an event may name a draft's version explicitly). A family (`habit.*`)
 * must match at least one registered type; `*` matches whatever comes.
 */
export function eventTypeErrors(pack: Pack, registry: RegistryView): FieldError[] {
  const namespace = registry.namespace(pack.schemaNamespace);
  // An unknown namespace is reported once (registryErrors), not once per listener.
  if (!namespace || (!registry.types && !registry.current)) return [];
  const types = registry.types?.(pack.schemaNamespace);
  const known = new Set(types);
  const registered = (t: string) => known.has(t) || !!registry.current?.(pack.schemaNamespace, t);
  // Old names the namespace renames at ingest: a rule on one never sees an event (they arrive renamed).
  const renamed = (namespace as { aliases?: { types?: Record<string, string> } }).aliases?.types ?? {};
  const errors: FieldError[] = [];
  for (const { pointer, on } of listeners(pack)) {
    (typeof on === 'string' ? [[pointer, on] as const] : on.map((t, k) => [`${pointer}/${k}`, t] as const)).forEach(([at, t]) => {
      if (t === '*') return;
      if (t.endsWith('.*')) {
        if (types && !types.some((r) => r.startsWith(t.slice(0, -1))))
          errors.push({ pointer: at, detail: `"${t}" matches no event type registered in namespace "${pack.schemaNamespace}"` });
        return;
      }
      if (registered(t)) return;
      const alias = Object.hasOwn(renamed, t) ? renamed[t] : undefined;
      const hint = alias ? ` ("${t}" is an old name, renamed to "${alias}" at ingest: use "${alias}")` : closest(t, types ?? []);
      errors.push({ pointer: at, detail: `event type "${t}" is not registered in namespace "${pack.schemaNamespace}"${hint}` });
    });
  }
  return errors;
}

/** `; did you mean "habit.created"?` for a registered type a few edits away, else nothing. */
function closest(type: string, types: readonly string[]): string {
  const within = Math.max(2, Math.floor(type.length / 5));
  let best: { t: string; d: number } | undefined;
  for (const t of types) {
    if (Math.abs(t.length - type.length) > within) continue;
    const d = editDistance(type, t);
    if (d <= within && (!best || d < best.d)) best = { t, d };
  }
  return best ? `; did you mean "${best.t}"?` : '';
}

/** Levenshtein distance (type names are short: at most a few hundred compared per pack check). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

const outboundTopics = (p: Pack): string[] => (p.outbound ? [...new Set([p.outbound.topic, ...p.outbound.events.flatMap((e) => (e.topic ? [e.topic] : []))])] : []);

const RESERVED_BY: Record<ReservedTopicKind, string> = {
  questline: 'is reserved for Questline (the shared inbound topic and internal topics)',
  kafka: 'is reserved for Kafka (its internal topics start with __)',
  'dead-letter': 'is reserved for dead letters (<topic>.dlq holds the dead letters of <topic>)',
  retry: 'is reserved for retries (<topic>.<group>.retry-<n>)',
};

/**
 * No topic a pack names as its own is Questline's or Kafka's (`reservedTopic`): claimed as an
 * inbound topic, ingest would read it as this tenant's (the shared topic's owner replaced, every
 * tenant's accepted events read as this one's); as an outbound topic, outcomes would be written
 * into other services' consumers.
 */
export function reservedTopicErrors(pack: Pack): FieldError[] {
  const errors: FieldError[] = [];
  const check = (pointer: string, topic: string, allowed?: ReservedTopicKind) => {
    const kind = reservedTopic(topic);
    if (kind && kind !== allowed) errors.push({ pointer, detail: `"${topic}" ${RESERVED_BY[kind]}; ${RESERVED_TOPICS_RULE}` });
  };
  pack.ingest.kafkaTopics.forEach((t, i) => check(`/ingest/kafkaTopics/${i}`, t));
  // The copy of the tenant's dead letters is meant to end in .dlq (seed 002's `{journey}.events.dlq`); the other forms stay refused.
  if (pack.ingest.deadLetterTopic !== undefined) check('/ingest/deadLetterTopic', pack.ingest.deadLetterTopic, 'dead-letter');
  if (pack.outbound) {
    check('/outbound/topic', pack.outbound.topic);
    pack.outbound.events.forEach((e, i) => {
      if (e.topic !== undefined) check(`/outbound/events/${i}/topic`, e.topic);
    });
  }
  return errors;
}

/** A Kafka inbound or outbound topic belongs to one tenant only, and never to Questline or Kafka (`reservedTopicErrors`). */
export function topicConflicts(pack: Pack, others: Iterable<Pack>): FieldError[] {
  // Here rather than at each caller: every path that stores or loads a pack (PACKS_DIR at start, the admin API's validate and upload) runs this check.
  const errors: FieldError[] = reservedTopicErrors(pack);
  // Kafka refuses a topic whose name differs from an existing one only by '.' versus '_' (their
  // metrics names collide): such a claim would fail the inbound consumer's subscription for everyone.
  const kafkaName = (t: string) => t.replace(/_/g, '.');
  for (const other of others) {
    if (other.tenant === pack.tenant) continue;
    const deadLetter = other.ingest.deadLetterTopic && !other.ingest.deadLetterTopic.includes('{') ? [other.ingest.deadLetterTopic] : [];
    const owned = new Map([...other.ingest.kafkaTopics, ...outboundTopics(other), ...deadLetter].map((t) => [kafkaName(t), t]));
    pack.ingest.kafkaTopics.forEach((t, i) => {
      const theirs = owned.get(kafkaName(t));
      if (theirs)
        errors.push({
          pointer: `/ingest/kafkaTopics/${i}`,
          detail: theirs === t ? `Kafka topic "${t}" is already the inbound topic of tenant "${other.tenant}"` : `Kafka topic "${t}" collides with "${theirs}" of tenant "${other.tenant}" (Kafka treats '.' and '_' alike)`,
        });
    });
    const ownDeadLetter = pack.ingest.deadLetterTopic;
    if (ownDeadLetter && !ownDeadLetter.includes('{') && owned.has(kafkaName(ownDeadLetter)))
      errors.push({ pointer: '/ingest/deadLetterTopic', detail: `Kafka topic "${ownDeadLetter}" already belongs to tenant "${other.tenant}"` });
    // A tenant's outcomes go to its topics only: another tenant's consumers never read them.
    outboundTopics(pack).forEach((t) => {
      if (owned.has(kafkaName(t)))
        errors.push({
          pointer: '/outbound',
          detail: `Kafka topic "${t}" already belongs to tenant "${other.tenant}"`,
        });
    });
  }
  return errors;
}

/** What decides a rule's awards: everything but its version and its description. */
function ruleDefinition(rule: Pack['rules'][number]): Record<string, string> {
  const { version: _version, description: _description, ...rest } = rule as Pack['rules'][number] & { description?: string };
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, stableStringify(v) ?? 'undefined']));
}

/**
 * A rule id and version name one definition for ever: each ledger entry records the rule id and
 * version that paid it, so a rule that pays differently must carry a new version. A rule of `pack`
 * whose id and version a stored version of the tenant's pack defines otherwise (its award,
 * condition, limits… anything but the description) is refused, naming the fields that changed and
 * the version to use. A definition that matches any stored one passes (versions stored before this
 * check may already define one id and version two ways).
 */
export function ruleVersionReuse(pack: Pack, stored: Iterable<{ version: number; pack: Pack }>): FieldError[] {
  const known = new Map<string, { packVersion: number; definition: Record<string, string> }[]>();
  const highest = new Map<string, number>();
  for (const s of stored) {
    for (const rule of s.pack.rules) {
      const key = `${rule.id}\n${rule.version}`;
      known.set(key, [...(known.get(key) ?? []), { packVersion: s.version, definition: ruleDefinition(rule) }]);
      highest.set(rule.id, Math.max(highest.get(rule.id) ?? 0, rule.version));
    }
  }
  const errors: FieldError[] = [];
  pack.rules.forEach((rule, i) => {
    const before = known.get(`${rule.id}\n${rule.version}`);
    if (!before) return;
    const now = ruleDefinition(rule);
    const same = (d: Record<string, string>) => Object.keys({ ...d, ...now }).every((k) => d[k] === now[k]);
    if (before.some((b) => same(b.definition))) return;
    const last = before[before.length - 1]!;
    const changed = Object.keys({ ...last.definition, ...now }).filter((k) => last.definition[k] !== now[k]);
    errors.push({
      pointer: `/rules/${i}/version`,
      detail: `rule "${rule.id}" version ${rule.version} is already defined otherwise (pack version ${last.packVersion}; changed: ${changed.join(', ')}): every ledger entry names the rule version that paid it, so a rule that changes needs a new version (${Math.max(highest.get(rule.id)!, rule.version) + 1})`,
    });
  });
  return errors;
}
