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
}

/** A pack must name a schema namespace and dialects the registry has. */
export function registryErrors(pack: Pack, registry: RegistryView): FieldError[] {
  const errors: FieldError[] = [];
  if (!registry.namespace(pack.schemaNamespace)) errors.push({ pointer: '/schemaNamespace', detail: `"${pack.schemaNamespace}" is not in the event registry` });
  pack.ingest.dialects.forEach((d, i) => {
    if (!registry.dialect(d)) errors.push({ pointer: `/ingest/dialects/${i}`, detail: `dialect "${d}" is not in the event registry` });
  });
  return errors;
}

/** A Kafka inbound topic belongs to one tenant only. */
export function topicConflicts(pack: Pack, others: Iterable<Pack>): FieldError[] {
  const errors: FieldError[] = [];
  for (const other of others) {
    if (other.tenant === pack.tenant) continue;
    pack.ingest.kafkaTopics.forEach((t, i) => {
      if (other.ingest.kafkaTopics.includes(t)) errors.push({ pointer: `/ingest/kafkaTopics/${i}`, detail: `Kafka topic "${t}" is already the inbound topic of tenant "${other.tenant}"` });
    });
  }
  return errors;
}
