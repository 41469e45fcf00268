/**
 * Tenant schemas are untrusted input, and ajv runs their `pattern`s with V8's backtracking regular
 * expressions on every event: `^(a+)+$` against 40 characters blocks the process (every tenant's
 * requests and consumers) for hours. A pattern that repeats a group which itself repeats (star
 * height above one: `(a+)+`, `(\w*)*`, `(x{2,})+`) is refused when a bundle is uploaded. The
 * classic exponential forms are all of this shape; overlapping alternatives under one repetition
 * (`(a|a)+`) are not detected.
 */

/** The quantifier at `i`, if any: its length and whether it repeats (more than once). */
function quantifierAt(p: string, i: number): { len: number; repeats: boolean } | null {
  const c = p[i];
  const lazy = (n: number) => (p[i + n] === '?' ? n + 1 : n);
  if (c === '*' || c === '+') return { len: lazy(1), repeats: true };
  if (c === '?') return { len: lazy(1), repeats: false };
  if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (!m) return null;
    const repeats = m[2] === undefined ? Number(m[1]) > 1 : m[3] === '' || Number(m[3]) > 1;
    return { len: lazy(m[0].length), repeats };
  }
  return null;
}

/** Whether `pattern` repeats a group that itself contains a repetition (catastrophic backtracking). */
export function nestedRepetition(pattern: string): boolean {
  const groups: boolean[] = [false]; // per open group: does it contain a repetition?
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    // One atom (an escape, a character class, a character) and the quantifier after it, if any.
    const atom = (end: number) => {
      i = end;
      const q = quantifierAt(pattern, i);
      if (q) {
        if (q.repeats) groups[groups.length - 1] = true;
        i += q.len;
      }
    };
    if (c === '\\') {
      atom(i + 2);
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      atom(j + 1);
      continue;
    }
    if (c === '(') {
      groups.push(false);
      i++;
      continue;
    }
    if (c === ')') {
      const inner = groups.length > 1 ? groups.pop()! : false;
      i++;
      const q = quantifierAt(pattern, i);
      if (q) {
        if (q.repeats && inner) return true;
        i += q.len;
      }
      if (inner || q?.repeats) groups[groups.length - 1] = true;
      continue;
    }
    // A quantifier here follows a character: it applies to that character alone.
    const q = quantifierAt(pattern, i);
    if (q) {
      if (q.repeats) groups[groups.length - 1] = true;
      i += q.len;
      continue;
    }
    i++;
  }
  return false;
}

/** Every `pattern` (and `patternProperties` key) of a JSON schema that nests repetitions, with its JSON pointer. */
export function unsafePatterns(schema: unknown): { pointer: string; pattern: string }[] {
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
      if (k === 'pattern' && typeof x === 'string' && nestedRepetition(x)) out.push({ pointer: `${at}/pattern`, pattern: x });
      if (k === 'patternProperties' && x && typeof x === 'object') {
        for (const key of Object.keys(x)) if (nestedRepetition(key)) out.push({ pointer: `${at}/patternProperties/${escape(key)}`, pattern: key });
      }
      stack.push({ v: x, at: `${at}/${escape(k)}` });
    }
  }
  return out;
}
