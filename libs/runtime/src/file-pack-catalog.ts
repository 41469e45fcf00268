import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidPackError, parsePack, registryErrors, topicConflicts, type Pack, type PackCatalog, type RegistryView } from '@questline/rules';

/**
 * Loads every `<dir>/<tenant>/pack.yaml` (or pack.json) of one folder or several at start-up. An
 * invalid pack, or a tenant in two folders, stops start-up.
 */
export class FilePackCatalog implements PackCatalog {
  private readonly packs = new Map<string, Pack>();
  /** The text of each pack as written, by tenant. */
  readonly sources = new Map<string, string>();

  constructor(dirs: string | readonly string[], registry?: RegistryView) {
    for (const dir of typeof dirs === 'string' ? [dirs] : dirs) this.load(dir, registry);
  }

  private load(dir: string, registry?: RegistryView): void {
    if (!existsSync(dir)) return;
    for (const tenant of readdirSync(dir, { withFileTypes: true })) {
      if (!tenant.isDirectory()) continue;
      const file = ['pack.yaml', 'pack.yml', 'pack.json'].map((f) => join(dir, tenant.name, f)).find(existsSync);
      if (!file) continue;
      const source = readFileSync(file, 'utf8');
      const pack = parsePack(source, file);
      if (pack.tenant !== tenant.name) throw new Error(`${file}: tenant "${pack.tenant}" does not match its folder "${tenant.name}"`);
      if (this.packs.has(pack.tenant)) throw new Error(`${file}: tenant "${pack.tenant}" already has a pack in another PACKS_DIR folder`);
      const errors = [...(registry ? registryErrors(pack, registry) : []), ...topicConflicts(pack, this.packs.values())];
      if (errors.length > 0) throw new InvalidPackError(file, errors);
      this.packs.set(pack.tenant, pack);
      this.sources.set(pack.tenant, source);
    }
  }

  get(tenantId: string): Pack | undefined {
    return this.packs.get(tenantId);
  }

  tenants(): string[] {
    return [...this.packs.keys()];
  }
}
