/**
 * Keeps the local broker that infra/up.sh starts under its open-file limit. Every test and bench
 * run puts its topics under a namespace of its own (`<prefix>-<10 hex>.`, about 280 partitions
 * each: topics, retry tiers, dead letters), and nothing deletes them: after some 70 runs the
 * broker holds ~20,000 partitions, runs out of file descriptors, takes its log directory offline
 * and shuts down. Run by infra/up.sh once the broker answers: when it holds more than
 * KAFKA_PRUNE_ABOVE_PARTITIONS partitions (default 8,000), the topics of every such namespace are
 * deleted, except those of a namespace with a consumer group that still has members (a run in
 * progress, from this checkout or another one sharing the broker). Topics outside a run namespace
 * (a developer's `questline.*`, a tenant's) are kept. For the local test broker only.
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';

/** A namespace made by the tests' and benches' `uniqueId`: `<prefix>-<10 hex>.` */
export const RUN_NAMESPACE = /^[a-z0-9]+-?[0-9a-f]{10}\./;

/** The namespace (`<prefix>-<hex>.`) of a topic or consumer group, when it is a run's. */
const namespaceOf = (name: string, match: RegExp): string | undefined => match.exec(name)?.[0];

/**
 * Deletes the topics `match` selects when the broker holds more than `above` partitions, except
 * those of a namespace whose consumer groups still have members; returns how many topics went.
 */
export async function pruneRunTopics(admin: Admin, above: number, match: RegExp = RUN_NAMESPACE, log: (s: string) => void = () => undefined): Promise<number> {
  const topics = await admin.listTopics();
  const { topics: meta } = await admin.fetchTopicMetadata({ topics });
  const partitions = meta.reduce((n, t) => n + t.partitions.length, 0);
  if (partitions <= above) return 0;
  const { groups } = await admin.listGroups();
  const runGroups = groups.map((g) => g.groupId).filter((g) => namespaceOf(g, match) !== undefined);
  const active = new Set<string>();
  for (let i = 0; i < runGroups.length; i += 100) {
    const { groups: described } = await admin.describeGroups(runGroups.slice(i, i + 100));
    for (const g of described) if (g.members.length > 0) active.add(namespaceOf(g.groupId, match)!);
  }
  const runs = meta.filter((t) => {
    const ns = namespaceOf(t.name, match);
    return ns !== undefined && !active.has(ns);
  });
  const freed = runs.reduce((n, t) => n + t.partitions.length, 0);
  log(`kafka holds ${partitions} partitions (over ${above}): deleting ${runs.length} topics of earlier test and bench runs (${freed} partitions; ${active.size} namespaces in use kept)`);
  for (let i = 0; i < runs.length; i += 200) await admin.deleteTopics({ topics: runs.slice(i, i + 200).map((t) => t.name), timeout: 30_000 });
  return runs.length;
}

/** KAFKA_PRUNE_ABOVE_PARTITIONS: a whole number of partitions (default 8,000); anything else is refused. */
export function pruneLimit(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 8_000;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`KAFKA_PRUNE_ABOVE_PARTITIONS must be a whole number of partitions, not "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  const above = pruneLimit(process.env['KAFKA_PRUNE_ABOVE_PARTITIONS']);
  const admin = new Kafka({
    clientId: 'questline-prune',
    brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:29092').split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 2 },
  }).admin();
  await admin.connect();
  try {
    await pruneRunTopics(admin, above, RUN_NAMESPACE, (s) => process.stderr.write(`[infra] ${s}\n`));
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) {
  // Pruning is housekeeping: a failure or a broker that does not answer is reported, never fatal
  // to the run that asked for it, and never holds it up for more than a minute.
  setTimeout(() => {
    process.stderr.write('[infra] kafka prune gave up after 60 s\n');
    process.exit(0);
  }, 60_000).unref();
  main().catch((err: unknown) => {
    process.stderr.write(`[infra] kafka prune skipped: ${(err as Error).message}\n`);
  });
}
