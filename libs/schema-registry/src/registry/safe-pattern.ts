import type { Diagnostics } from 'recheck';
import { patternFlags } from './pattern-flags';

/**
 * Tenant schemas are untrusted input, and ajv runs their `pattern`s with V8's backtracking regular
 * expressions on every event: `^(a+)+$` against 40 characters blocks the process (every tenant's
 * requests and consumers) for hours, `^(a|a)+$` too, and `^\S+@\S+\.\S+$` takes quadratic time in
 * the length of a string (a 1 MiB body: minutes). Every pattern of a bundle is checked with recheck
 * (an automaton-based analysis, with fuzzing where a pattern is beyond it) when the bundle is
 * uploaded or activated; one it finds super-linear — exponential or polynomial — is refused with the
 * attack string it found, and one it cannot settle in time is refused too. The analysis runs outside
 * the event loop (recheck's own process or worker), so a check never blocks requests.
 */

/** Every `pattern` (and `patternProperties` key) of a JSON schema, with its JSON pointer. */
export function schemaPatterns(schema: unknown): { pointer: string; pattern: string }[] {
  const out: { pointer: string; pattern: string }[] = [];
  const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  const stack: { v: unknown; at: string }[] = [{ v: schema, at: '' }];
  while (stack.length > 0) {
    const { v, at } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, at: `${at}/${i}` }));
      continue;
    }
    for (const [k, x] of Object.entries(v)) {
      if (k === 'pattern' && typeof x === 'string') out.push({ pointer: `${at}/pattern`, pattern: x });
      if (k === 'patternProperties' && x && typeof x === 'object') {
        for (const key of Object.keys(x)) out.push({ pointer: `${at}/patternProperties/${escape(key)}`, pattern: key });
      }
      stack.push({ v: x, at: `${at}/${escape(k)}` });
    }
  }
  return out;
}

export interface PatternCheckOptions {
  /** Per pattern (default 2 s): a pattern the analysis cannot settle in this time is refused. */
  timeoutMs?: number;
  /** For the whole bundle (default 20 s): patterns not checked by then are refused. */
  budgetMs?: number;
  /** Distinct patterns one bundle may carry (default 500). */
  maxPatterns?: number;
}

/**
 * Back-references and look-around: recheck can only fuzz them (no automaton), fuzzing misses
 * ambiguities gated by them, and V8's linear-time fallback cannot run them. Not allowed.
 */
const UNANALYSABLE = /\\[1-9]|\\k<|\(\?<?[=!]/;

/** Why a pattern is refused, or undefined when recheck finds it linear. */
export function patternProblem(d: Diagnostics, pattern = d.source): string | undefined {
  if (UNANALYSABLE.test(pattern.replace(/\\\\/g, ''))) {
    return 'uses a back-reference or look-around, which cannot be shown free of catastrophic backtracking (and which the linear-time engine cannot run); write it without them';
  }
  if (d.status === 'safe') return undefined;
  if (d.status === 'vulnerable') {
    const growth = d.complexity.type === 'exponential' ? 'exponential' : `polynomial (degree ${d.complexity.degree})`;
    const attack = d.attack.string.length > 40 ? `${JSON.stringify(d.attack.string.slice(0, 40))}… (${d.attack.string.length} characters)` : JSON.stringify(d.attack.string);
    const spots = d.hotspot.filter((h) => h.temperature === 'heat').map((h) => d.source.slice(h.start, h.end));
    return `takes ${growth} time in the length of a value (an attack: ${attack})${spots.length > 0 ? `; the backtracking is in ${[...new Set(spots)].map((x) => `"${x}"`).join(', ')}` : ''}: one event could block every tenant, and a \`maxLength\` does not prevent it (every keyword of a schema is checked, the pattern too); write it so each character can match one way only: repeated parts next to each other should take disjoint characters (\`[^\\s@]+@\` rather than \`\\S+@\`), and no group should repeat something that itself repeats`;
  }
  if (d.error.kind === 'invalid') return `is not a valid regular expression (${d.error.message})`;
  if (d.error.kind === 'timeout') return 'could not be shown free of catastrophic backtracking in time; simplify it';
  return `could not be checked for catastrophic backtracking (${d.error.kind}${'message' in d.error ? `: ${d.error.message}` : ''}); simplify it`;
}

/**
 * The patterns of these schemas that are refused, each as `<file>: <pointer>: pattern "…" <why>`.
 * Identical patterns are checked once; ajv compiles patterns with the `u` flag, so they are checked
 * with it.
 */
export async function unsafePatterns(documents: { file: string; schema: unknown }[], options: PatternCheckOptions = {}): Promise<string[]> {
  const found = documents.flatMap((d) => schemaPatterns(d.schema).map((p) => ({ ...p, file: d.file })));
  const distinct = [...new Set(found.map((p) => p.pattern))];
  const max = options.maxPatterns ?? 500;
  if (distinct.length > max) return [`the bundle carries ${distinct.length} distinct patterns; at most ${max} are checked and allowed`];
  // Loaded on first use: only the processes that take bundles pay for the analyser (megabytes of code).
  const { check } = await import('recheck');
  const timeout = options.timeoutMs ?? 2_000;
  const deadline = Date.now() + (options.budgetMs ?? 20_000);
  // Four at a time: a bundle of slow patterns costs the analysis process at most four cores' worth.
  const verdicts = new Map<string, string | undefined>();
  const queue = [...distinct];
  const worker = async () => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
      const left = deadline - Date.now();
      verdicts.set(p, left <= 0 ? 'was not checked: the bundle took too long to check; split it or simplify its patterns' : patternProblem(await check(p, patternFlags(p), { timeout: Math.min(timeout, left) }), p));
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, distinct.length) }, worker));
  return found.flatMap((p) => {
    const problem = verdicts.get(p.pattern);
    return problem ? [`${p.file}: ${p.pointer}: pattern ${JSON.stringify(p.pattern)} ${problem}`] : [];
  });
}
