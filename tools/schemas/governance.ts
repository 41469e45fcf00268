import {
  checkCompatibility,
  documentFromFile,
  type Incompatibility,
  type RegistrySource,
  type SchemaDocument,
} from '@questline/schema-registry';

/** Problems that fail the build, each naming a file. */
export interface Finding {
  file: string;
  message: string;
}

const describe = (i: Incompatibility) => `${i.direction} ${i.pointer}: ${i.kind} — ${i.detail}`;

/**
 * Version-to-version rules inside the registry: vN must keep the namespace's compatibility mode
 * with vN-1, unless it says `breaking: true` — and then it must carry upcast steps.
 */
export function checkVersionChains(source: RegistrySource): Finding[] {
  const findings: Finding[] = [];
  const modes = new Map(source.namespaces.map((n) => [n.namespace, n.compatibility]));
  const byType = new Map<string, SchemaDocument[]>();
  for (const d of source.documents) {
    const key = `${d.metadata.namespace}/${d.metadata.type}`;
    byType.set(key, [...(byType.get(key) ?? []), d].sort((a, b) => a.metadata.version - b.metadata.version));
  }
  for (const versions of byType.values()) {
    for (let i = 1; i < versions.length; i++) {
      const [prev, next] = [versions[i - 1]!, versions[i]!];
      const mode = modes.get(next.metadata.namespace) ?? 'BACKWARD';
      const problems = checkCompatibility(prev.schema, next.schema, mode);
      if (next.metadata.breaking) {
        if (!next.metadata.upcast || next.metadata.upcast.length === 0) findings.push({ file: next.file, message: 'breaking: true needs upcast steps from the previous version' });
      } else if (problems.length > 0) {
        findings.push({
          file: next.file,
          message: `v${next.metadata.version} is not ${mode}-compatible with v${prev.metadata.version} (mark it breaking: true with upcast steps, or keep compatibility):\n    ${problems.map(describe).join('\n    ')}`,
        });
      }
    }
  }
  return findings;
}

/**
 * Changes against a base revision (the merge base in CI): a published version may only change
 * compatibly (its namespace's mode), and may not disappear unless it was a draft.
 * `readBase(file)` returns the file's text at the base, or undefined when it did not exist;
 * `baseFiles` lists the schema files at the base.
 */
export function checkAgainstBase(source: RegistrySource, baseFiles: string[], readBase: (file: string) => string | undefined): Finding[] {
  const findings: Finding[] = [];
  const current = new Map(source.documents.map((d) => [d.file, d]));
  const modes = new Map(source.namespaces.map((n) => [n.namespace, n.compatibility]));
  for (const file of baseFiles) {
    const m = /event-schemas\/([^/]+)\/([^/]+)\/v(\d+)\.schema\.json$/.exec(file);
    if (!m) continue;
    const text = readBase(file);
    if (text === undefined) continue;
    const base = documentFromFile(file, m[1]!, m[2]!, Number(m[3]), text);
    const now = current.get(file);
    if (!now) {
      if (base.metadata.status !== 'draft') findings.push({ file, message: 'a published schema version was deleted (deprecate it with a sunset date instead)' });
      continue;
    }
    if (base.metadata.status === 'draft') continue;
    const mode = modes.get(base.metadata.namespace) ?? 'BACKWARD';
    const problems = checkCompatibility(base.schema, now.schema, mode);
    if (problems.length > 0) {
      findings.push({ file, message: `breaking change to a published version (${mode}); publish a new version instead:\n    ${problems.map(describe).join('\n    ')}` });
    }
  }
  return findings;
}

/** The released contract of the registry: every published (non-draft) version's schema, by `<namespace>/<type>/v<N>`. */
export interface RegistryLock {
  /** What this lock stands for (a release tag, a date): informative. */
  released: string;
  schemas: Record<string, unknown>;
}

const lockKey = (d: SchemaDocument) => `${d.metadata.namespace}/${d.metadata.type}/v${d.metadata.version}`;

/** The lock of the registry as it is now (`npm run schemas -- lock`, on purpose, at a release). */
export function lockOf(source: RegistrySource, released: string): RegistryLock {
  const schemas: Record<string, unknown> = {};
  for (const d of [...source.documents].sort((a, b) => lockKey(a).localeCompare(lockKey(b)))) if (d.metadata.status !== 'draft') schemas[lockKey(d)] = d.schema;
  return { released, schemas };
}

/**
 * Changes against the released contract (the committed lock), the same rules as against a base
 * revision: a locked version may only change compatibly and may not disappear. Unlike a git merge
 * base, the lock is there on a clean clone of main, so CI compares against something other than itself.
 */
export function checkAgainstLock(source: RegistrySource, lock: RegistryLock): Finding[] {
  const findings: Finding[] = [];
  const current = new Map(source.documents.map((d) => [lockKey(d), d]));
  const modes = new Map(source.namespaces.map((n) => [n.namespace, n.compatibility]));
  for (const [key, schema] of Object.entries(lock.schemas)) {
    const now = current.get(key);
    if (!now) {
      findings.push({ file: `event-schemas/${key}.schema.json`, message: `a released schema version was deleted (deprecate it with a sunset date instead; released: ${lock.released})` });
      continue;
    }
    const mode = modes.get(now.metadata.namespace) ?? 'BACKWARD';
    const problems = checkCompatibility(schema as SchemaDocument['schema'], now.schema, mode);
    if (problems.length > 0) {
      findings.push({ file: now.file, message: `breaking change to a released version (${mode}); publish a new version instead:\n    ${problems.map(describe).join('\n    ')}` });
    }
  }
  return findings;
}
