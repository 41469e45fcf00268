/**
 * Keeps the local broker that infra/up.sh starts under its open-file limit. Every test and bench
 * run puts its topics under a namespace of its own (`<prefix>-<10 hex>.`, about 280 partitions
 * each: topics, retry tiers, dead letters), and nothing deletes them: after some 70 runs the
 * broker holds ~20,000 partitions, runs out of file descriptors, takes its log directory offline
 * and shuts down. Run by infra/up.sh once the broker answers: when it holds more than
 * KAFKA_PRUNE_ABOVE_PARTITIONS partitions (default 8,000), the topics of every such namespace are
 * deleted. Topics outside a run namespace (a developer's `questline.*`, a tenant's) are kept.
 * Only for the local test broker: it deletes what other runs left, so do not run it while a test
 * or a bench is using the broker.
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';

/** A namespace made by the tests' and benches' `uniqueId`: `<prefix>-<10 hex>.` */
export const RUN_NAMESPACE = /^[a-z0-9]+-?[0-9a-f]{10}\./;

/** Deletes the topics `match` selects when the broker holds more than `above` partitions; returns how many topics went. */
export async function pruneRunTopics(admin: Admin, above: number, match: RegExp = RUN_NAMESPACE, log: (s: string) => void = () => undefined): Promise<number> {
  const topics = await admin.listTopics();
  const { topics: meta } = await admin.fetchTopicMetadata({ topics });
  const partitions = meta.reduce((n, t) => n + t.partitions.length, 0);
  if (partitions <= above) return 0;
  const runs = meta.filter((t) => match.test(t.name));
  const freed = runs.reduce((n, t) => n + t.partitions.length, 0);
  log(`kafka holds ${partitions} partitions (over ${above}): deleting ${runs.length} topics of earlier test and bench runs (${freed} partitions)`);
  for (let i = 0; i < runs.length; i += 200) await admin.deleteTopics({ topics: runs.slice(i, i + 200).map((t) => t.name), timeout: 60_000 });
  return runs.length;
}

async function main(): Promise<void> {
  const admin = new Kafka({ clientId: 'questline-prune', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:29092').split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await pruneRunTopics(admin, Number(process.env['KAFKA_PRUNE_ABOVE_PARTITIONS'] ?? 8_000), RUN_NAMESPACE, (s) => process.stderr.write(`[infra] ${s}\n`));
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    // Pruning is housekeeping: a failure is reported, never fatal to the run that asked for it.
    process.stderr.write(`[infra] kafka prune skipped: ${(err as Error).message}\n`);
  });
}
