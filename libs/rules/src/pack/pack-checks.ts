import type { FieldError } from '@questline/contracts';
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
    const scored = types.filter((t) => on === '*' || t === on || (on.endsWith('.*') && t.startsWith(on.slice(0, -1))));
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
  errors.push(...retentionErrors(pack, registry));
  return errors;
}

const outboundTopics = (p: Pack): string[] => (p.outbound ? [...new Set([p.outbound.topic, ...p.outbound.events.flatMap((e) => (e.topic ? [e.topic] : []))])] : []);

/** A Kafka inbound or outbound topic belongs to one tenant only. */
export function topicConflicts(pack: Pack, others: Iterable<Pack>): FieldError[] {
  const errors: FieldError[] = [];
  for (const other of others) {
    if (other.tenant === pack.tenant) continue;
    pack.ingest.kafkaTopics.forEach((t, i) => {
      if (other.ingest.kafkaTopics.includes(t))
        errors.push({
          pointer: `/ingest/kafkaTopics/${i}`,
          detail: `Kafka topic "${t}" is already the inbound topic of tenant "${other.tenant}"`,
        });
    });
    // A tenant's outcomes go to its topics only: another tenant's consumers never read them.
    const theirs = new Set([...other.ingest.kafkaTopics, ...outboundTopics(other)]);
    outboundTopics(pack).forEach((t) => {
      if (theirs.has(t))
        errors.push({
          pointer: '/outbound',
          detail: `Kafka topic "${t}" already belongs to tenant "${other.tenant}"`,
        });
    });
  }
  return errors;
}
