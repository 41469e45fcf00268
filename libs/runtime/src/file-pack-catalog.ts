import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePack, type Pack, type PackCatalog } from '@questline/rules';
import type { SchemaRegistry } from '@questline/schema-registry';

/** Loads every `packs/<tenant>/pack.yaml` (or pack.json) at start-up. An invalid pack stops start-up. */
export class FilePackCatalog implements PackCatalog {
  private readonly packs = new Map<string, Pack>();

  constructor(dir: string, registry?: SchemaRegistry) {
    if (!existsSync(dir)) return;
    for (const tenant of readdirSync(dir, { withFileTypes: true })) {
      if (!tenant.isDirectory()) continue;
      const file = ['pack.yaml', 'pack.yml', 'pack.json'].map((f) => join(dir, tenant.name, f)).find(existsSync);
      if (!file) continue;
      const pack = parsePack(readFileSync(file, 'utf8'), file);
      if (pack.tenant !== tenant.name) throw new Error(`${file}: tenant "${pack.tenant}" does not match its folder "${tenant.name}"`);
      if (registry) {
        if (!registry.namespace(pack.schemaNamespace)) throw new Error(`${file}: schemaNamespace "${pack.schemaNamespace}" is not in the event registry`);
        for (const d of pack.ingest.dialects) if (!registry.dialect(d)) throw new Error(`${file}: ingest dialect "${d}" is not in the event registry`);
      }
      for (const topic of pack.ingest.kafkaTopics) {
        const owner = [...this.packs.values()].find((p) => p.ingest.kafkaTopics.includes(topic));
        if (owner) throw new Error(`${file}: Kafka topic "${topic}" is already the inbound topic of tenant "${owner.tenant}"`);
      }
      this.packs.set(pack.tenant, pack);
    }
  }

  get(tenantId: string): Pack | undefined {
    return this.packs.get(tenantId);
  }

  tenants(): string[] {
    return [...this.packs.keys()];
  }
}
