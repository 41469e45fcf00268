import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

/**
 * What the broker was given for a load, counted: per topic of one namespace, the records written
 * (the sum of its partitions' high watermarks: a packed record is one, however many messages it
 * carries) and the bytes of its log segments on disk when the broker's data directory is readable
 * here. Part of a hop's cost is per record (kafkajs encodes, checksums and decodes each), so this
 * shows where records are still one per message.
 */
export type TopicCounts = Map<string, { records: number; bytes: number | undefined }>;

export async function readTopicCounts(brokers: string[], prefix: string, dataDir: string | undefined): Promise<TopicCounts> {
  const kafka = new Kafka({ clientId: 'bench-counts', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    const out: TopicCounts = new Map();
    for (const topic of topics) {
      // The high watermarks: the next offset of each partition. Their change over a load is what was
      // written, whatever retention removed meanwhile (high - low would count only what is kept).
      const offsets = await admin.fetchTopicOffsets(topic);
      const records = offsets.reduce((n, p) => n + Number(p.high), 0);
      out.set(topic.slice(prefix.length), { records, bytes: dataDir ? logBytes(dataDir, topic) : undefined });
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/** Bytes of a topic's log segments (`<topic>-<partition>/*.log`) in the broker's data directory. */
function logBytes(dataDir: string, topic: string): number | undefined {
  if (!existsSync(dataDir)) return undefined;
  try {
    let bytes = 0;
    let partitions = 0;
    for (const dir of readdirSync(dataDir)) {
      if (!dir.startsWith(`${topic}-`) || !/^\d+$/.test(dir.slice(topic.length + 1))) continue;
      partitions++;
      for (const f of readdirSync(join(dataDir, dir))) if (f.endsWith('.log')) bytes += statSync(join(dataDir, dir, f)).size;
    }
    // No partition here: the broker in KAFKA_BROKERS keeps its data elsewhere (not known, not 0).
    return partitions > 0 ? bytes : undefined;
  } catch {
    return undefined; // a segment deleted while listed, or not readable: unknown rather than a lost run
  }
}

export interface KafkaWork {
  per1000Events: { records: number; kib: number | undefined };
  /** Topics written in the load, most records first: records per 1,000 events and bytes per event. */
  topics: Array<{ topic: string; recordsPer1000Events: number; bytesPerEvent: number | undefined }>;
}

export function kafkaWork(before: TopicCounts, after: TopicCounts, events: number): KafkaWork {
  const per1000 = (n: number) => Math.round((n / events) * 1000 * 10) / 10;
  const topics: KafkaWork['topics'] = [];
  let records = 0;
  let bytes: number | undefined = 0;
  for (const [topic, a] of after) {
    const b = before.get(topic) ?? { records: 0, bytes: 0 };
    const r = a.records - b.records;
    const by = a.bytes === undefined || b.bytes === undefined ? undefined : a.bytes - b.bytes;
    if (r <= 0) continue;
    records += r;
    bytes = bytes === undefined || by === undefined ? undefined : bytes + by;
    topics.push({ topic, recordsPer1000Events: per1000(r), bytesPerEvent: by === undefined ? undefined : Math.round(by / events) });
  }
  topics.sort((x, y) => y.recordsPer1000Events - x.recordsPer1000Events);
  return { per1000Events: { records: per1000(records), kib: bytes === undefined ? undefined : per1000(bytes / 1024) }, topics };
}
