/**
 * Schema compatibility with Confluent Schema Registry semantics, for JSON Schema:
 *   BACKWARD  the new schema (reader) accepts every event valid under the previous one (writer);
 *   FORWARD   the previous schema accepts every event valid under the new one;
 *   FULL      both; NONE  no check.
 * "Accepts" is decided structurally, keyword by keyword (type with integer ⊂ number, enum/const,
 * required, properties, additionalProperties, items, numeric/length/count bounds, pattern, format,
 * anyOf/oneOf). ADR030 is seed 003's rule set (ADR-030 §3.2): BACKWARD, and besides it a
 * required field may not be removed and no field may be renamed (a property gone while another
 * appeared with the same schema or a near name, reported as `property_renamed`): adding optional
 * fields and extending enums are the changes it allows. One deliberate difference from Confluent: a property the writer does not declare is
 * taken to be absent, not "any value", so adding an optional property to an open object is
 * compatible (Confluent calls it PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL and refuses it, which forces
 * partially-open content models on every schema). Pure: no I/O.
 */
export type CompatibilityMode = 'BACKWARD' | 'FORWARD' | 'FULL' | 'NONE' | 'ADR030';

export interface Incompatibility {
  /** JSON pointer into the schema's instance (e.g. /answer_author_id). */
  pointer: string;
  kind:
    | 'type_changed'
    | 'type_narrowed'
    | 'required_added'
    | 'property_removed_from_closed_model'
    | 'content_model_closed'
    | 'enum_narrowed'
    | 'constraint_added'
    | 'bound_tightened'
    | 'combinator_changed'
    | 'required_removed'
    | 'property_renamed';
  detail: string;
  /** Which direction failed: the new schema reading old events (BACKWARD), the reverse (FORWARD), or ADR-030's own rules. */
  direction: 'BACKWARD' | 'FORWARD' | 'ADR030';
}

type Schema = boolean | Record<string, unknown>;

export function checkCompatibility(previous: Schema, next: Schema, mode: CompatibilityMode): Incompatibility[] {
  const out: Incompatibility[] = [];
  if (mode === 'BACKWARD' || mode === 'FULL' || mode === 'ADR030') readerAccepts(next, previous, '', 'BACKWARD', out);
  if (mode === 'FORWARD' || mode === 'FULL') readerAccepts(previous, next, '', 'FORWARD', out);
  if (mode === 'ADR030') adr030(previous, next, '', out);
  return out;
}

const withoutDocs = (s: Schema): string =>
  JSON.stringify(s, (k, v: unknown) => (k === 'description' || k === 'title' || k === 'examples' || k === '$comment' ? undefined : v));
/** Names that differ only in case, separators or a plural `s` (role / roles, userId / user_id). */
const nearName = (a: string, b: string): boolean => {
  const n = (x: string) => x.toLowerCase().replace(/[_-]/g, '').replace(/s$/, '');
  return n(a) === n(b);
};

/** ADR-030's two explicit refusals, at every level of the object tree: removed required fields and renames. */
function adr030(previous: Schema, next: Schema, ptr: string, out: Incompatibility[]): void {
  if (typeof previous !== 'object' || typeof next !== 'object') return;
  const pProps = (previous['properties'] ?? {}) as Record<string, Schema>;
  const nProps = (next['properties'] ?? {}) as Record<string, Schema>;
  const nRequired = new Set((next['required'] ?? []) as string[]);
  const removed = Object.keys(pProps).filter((k) => !(k in nProps));
  const added = Object.keys(nProps).filter((k) => !(k in pProps));
  const renamed = new Set<string>();
  for (const r of removed) {
    const to = added.find((a) => nearName(r, a)) ?? added.find((a) => withoutDocs(pProps[r]!) === withoutDocs(nProps[a]!));
    if (to !== undefined) {
      renamed.add(r);
      out.push({ pointer: `${ptr}/${r}`, kind: 'property_renamed', detail: `"${r}" looks renamed to "${to}": consumers reading "${r}" lose it (publish a new version, dual-publish)`, direction: 'ADR030' });
    }
  }
  for (const name of (previous['required'] ?? []) as string[]) {
    if (renamed.has(name)) continue;
    if (!(name in nProps) || !nRequired.has(name)) {
      out.push({ pointer: `${ptr}/${name}`, kind: 'required_removed', detail: `required property "${name}" ${name in nProps ? 'became optional' : 'was removed'}: consumers relying on it break (publish a new version, dual-publish)`, direction: 'ADR030' });
    }
  }
  for (const k of Object.keys(pProps)) if (k in nProps) adr030(pProps[k]!, nProps[k]!, `${ptr}/${k}`, out);
  if (previous['items'] !== undefined && next['items'] !== undefined) adr030(previous['items'] as Schema, next['items'] as Schema, `${ptr}/items`, out);
}

function typesOf(s: Record<string, unknown>): Set<string> | undefined {
  const t = s['type'];
  if (t === undefined) {
    if (Array.isArray(s['enum'])) return new Set((s['enum'] as unknown[]).map(jsonType));
    if ('const' in s) return new Set([jsonType(s['const'])]);
    return undefined;
  }
  return new Set(Array.isArray(t) ? (t as string[]) : [t as string]);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function readerAccepts(reader: Schema, writer: Schema, ptr: string, dir: Incompatibility['direction'], out: Incompatibility[]): void {
  if (reader === true || writer === false) return;
  if (reader === false) {
    out.push({ pointer: ptr || '/', kind: 'constraint_added', detail: 'reader accepts nothing here', direction: dir });
    return;
  }
  const r = reader;
  const w: Record<string, unknown> = writer === true ? {} : writer;
  const push = (kind: Incompatibility['kind'], detail: string, at = ptr) => out.push({ pointer: at || '/', kind, detail, direction: dir });

  // type: every type the writer can produce must be readable (integer is a number).
  const rt = typesOf(r);
  const wt = typesOf(w);
  if (rt) {
    if (!wt) push('constraint_added', `type constrained to ${[...rt].join('|')} where any type was allowed`);
    else {
      const missing = [...wt].filter((t) => !rt.has(t) && !(t === 'integer' && rt.has('number')));
      if (missing.length === wt.size) push('type_changed', `type ${[...wt].join('|')} became ${[...rt].join('|')}`);
      else if (missing.length > 0) push('type_narrowed', `type ${missing.join('|')} no longer accepted`);
    }
  }

  // enum / const
  if (Array.isArray(r['enum'])) {
    const allowed = r['enum'] as unknown[];
    const produced = Array.isArray(w['enum']) ? (w['enum'] as unknown[]) : 'const' in w ? [w['const']] : undefined;
    if (!produced) push('constraint_added', `enum [${allowed.map(String).join(', ')}] added`);
    else {
      const lost = produced.filter((v) => !allowed.some((a) => same(a, v)));
      if (lost.length > 0) push('enum_narrowed', `value(s) ${lost.map((v) => JSON.stringify(v)).join(', ')} no longer accepted`);
    }
  }
  if ('const' in r && !('const' in w && same(w['const'], r['const'])) && !(Array.isArray(w['enum']) && (w['enum'] as unknown[]).every((v) => same(v, r['const'])))) {
    push('constraint_added', `const ${JSON.stringify(r['const'])} added or changed`);
  }

  // Lower/upper bounds: the reader's range must contain the writer's.
  for (const k of ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const) {
    if (typeof r[k] !== 'number') continue;
    if (typeof w[k] !== 'number') push('constraint_added', `${k} ${String(r[k])} added`);
    else if ((r[k] as number) > (w[k] as number)) push('bound_tightened', `${k} raised from ${String(w[k])} to ${String(r[k])}`);
  }
  for (const k of ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const) {
    if (typeof r[k] !== 'number') continue;
    if (typeof w[k] !== 'number') push('constraint_added', `${k} ${String(r[k])} added`);
    else if ((r[k] as number) < (w[k] as number)) push('bound_tightened', `${k} lowered from ${String(w[k])} to ${String(r[k])}`);
  }
  for (const k of ['pattern', 'format', 'multipleOf'] as const) {
    if (r[k] !== undefined && !same(r[k], w[k])) push('constraint_added', `${k} ${JSON.stringify(r[k])} added or changed`);
  }
  if (r['uniqueItems'] === true && w['uniqueItems'] !== true) push('constraint_added', 'uniqueItems added');

  // Objects.
  const rProps = (r['properties'] ?? {}) as Record<string, Schema>;
  const wProps = (w['properties'] ?? {}) as Record<string, Schema>;
  const wRequired = new Set((w['required'] ?? []) as string[]);
  for (const name of (r['required'] ?? []) as string[]) {
    if (!wRequired.has(name)) {
      const hint = renameHint(name, rProps, wProps);
      push('required_added', `property "${name}" is required but may be missing from events${hint}`, `${ptr}/${name}`);
    }
  }
  for (const [name, ws] of Object.entries(wProps)) {
    const at = `${ptr}/${name}`;
    if (name in rProps) readerAccepts(rProps[name]!, ws, at, dir, out);
    else if (r['additionalProperties'] === false) push('property_removed_from_closed_model', `property "${name}" is no longer allowed`, at);
    else if (r['additionalProperties'] && typeof r['additionalProperties'] === 'object') readerAccepts(r['additionalProperties'] as Schema, ws, at, dir, out);
  }
  if (r['additionalProperties'] === false && w['additionalProperties'] !== false && (w['type'] === 'object' || w['properties'])) {
    push('content_model_closed', 'additionalProperties set to false: events with extra properties are refused');
  }

  // Arrays.
  if (r['items'] !== undefined && typeof r['items'] !== 'boolean' && !Array.isArray(r['items'])) {
    readerAccepts(r['items'] as Schema, (w['items'] as Schema | undefined) ?? true, `${ptr}/items`, dir, out);
  }

  // anyOf / oneOf: every writer branch must be accepted by some reader branch.
  for (const k of ['anyOf', 'oneOf'] as const) {
    const rb = r[k] as Schema[] | undefined;
    if (!rb) continue;
    const wb = (w['anyOf'] ?? w['oneOf'] ?? [w]) as Schema[];
    for (const [i, branch] of wb.entries()) {
      const fits = rb.some((candidate) => {
        const probe: Incompatibility[] = [];
        readerAccepts(candidate, branch, ptr, dir, probe);
        return probe.length === 0;
      });
      if (!fits) push('combinator_changed', `${k}: writer branch ${i} is accepted by no reader branch`);
    }
  }
}

function renameHint(name: string, rProps: Record<string, Schema>, wProps: Record<string, Schema>): string {
  if (name in wProps) return '';
  const candidates = Object.keys(wProps).filter((p) => !(p in rProps) && same((wProps[p] as Record<string, unknown>)?.['type'], (rProps[name] as Record<string, unknown>)?.['type']));
  return candidates.length > 0 ? ` (renamed from ${candidates.map((c) => `"${c}"`).join(' or ')}?)` : '';
}


/**
 * A tenant's registry bundle replacing its active one: every published (non-draft) version of the
 * active bundle must still be there and stay compatible under its namespace's mode — the same rule
 * `schemas diff` applies to the shipped registry (publish a new version instead of changing one).
 * Returns one problem per file, worded like the registry's load problems (`<file>: …`).
 */
export function bundleChangeProblems(
  previous: { documents: { file: string; schema: Record<string, unknown>; metadata: { namespace: string; type: string; version: number; status: string } }[] },
  next: { documents: { file: string; schema: Record<string, unknown>; metadata: { namespace: string; type: string; version: number } }[]; namespaces: { namespace: string; compatibility: CompatibilityMode }[] },
): string[] {
  const key = (m: { namespace: string; type: string; version: number }) => `${m.namespace}/${m.type}/v${m.version}`;
  const now = new Map(next.documents.map((d) => [key(d.metadata), d]));
  const modes = new Map(next.namespaces.map((n) => [n.namespace, n.compatibility]));
  const problems: string[] = [];
  for (const before of previous.documents) {
    if (before.metadata.status === 'draft') continue;
    const after = now.get(key(before.metadata));
    if (!after) {
      problems.push(`${before.file}: a published schema version was removed (deprecate it with a sunset date instead)`);
      continue;
    }
    const mode = modes.get(before.metadata.namespace) ?? 'BACKWARD';
    for (const p of checkCompatibility(before.schema, after.schema, mode)) {
      problems.push(`${after.file}: breaking change to a published version (${mode}, ${p.direction}) at ${p.pointer || '/'}: ${p.detail}; publish a new version instead`);
    }
  }
  return problems;
}
