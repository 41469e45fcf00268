import { ValidationFailedError, type FieldError } from './errors';

/**
 * Limits every JSON document from outside is held to before anything looks inside it: its size
 * and its nesting depth. Checked on the text, before JSON.parse, so a hostile document (10,000
 * levels deep, a body of megabytes) costs one linear scan and never reaches a recursive walker
 * (JSON.stringify, schema validation, the dead-letter writer).
 */
export interface JsonLimits {
  maxBytes: number;
  maxDepth: number;
}

/** 1 MiB (the batch endpoint's body limit) and 64 levels: well beyond any seed's events (their deepest is 6). */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxBytes: 1024 * 1024, maxDepth: 64 };

/** The nesting depth of a JSON text (objects and arrays), scanning at most until `stopAbove` is exceeded. */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * Whether a JSON text nests deeper than `maxDepth`. A text with at most `maxDepth` opening brackets
 * in all (inside strings too) cannot, and counting them takes native `indexOf` scans, many times
 * faster than jsonDepth's loop over every character; that loop then runs only for a text with more
 * brackets than that (a batch body, a hostile document). `npm run bench:hotpath` times the read.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let brackets = 0;
  for (const open of ['{', '[']) {
    for (let i = text.indexOf(open); i !== -1; i = text.indexOf(open, i + 1)) if (++brackets > maxDepth) return jsonDepth(text, maxDepth) > maxDepth;
  }
  return false;
}

/** Parses JSON text from outside within `limits`; refusals are ValidationFailedErrors with stable codes. */
export function parseJsonWithin(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): unknown {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: a short enough text is counted without encoding it.
  const bytes = text.length * 3 <= limits.maxBytes ? 0 : Buffer.byteLength(text);
  if (bytes > limits.maxBytes) {
    throw new ValidationFailedError(`The document is ${bytes} bytes; at most ${limits.maxBytes} are accepted.`, [{ pointer: '', detail: `at most ${limits.maxBytes} bytes` }], 'payload_too_large');
  }
  if (nestsDeeperThan(text, limits.maxDepth)) {
    throw new ValidationFailedError(`The document nests deeper than ${limits.maxDepth} levels.`, [{ pointer: '', detail: `at most ${limits.maxDepth} levels of objects and arrays` }], 'nesting_too_deep');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ValidationFailedError(`The document is not valid JSON: ${(err as Error).message}`, [{ pointer: '', detail: 'not JSON' }], 'invalid_json');
  }
}

/** A NUL, or a UTF-16 surrogate without its pair: text Postgres (and most consumers) refuse. */
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first place in a parsed JSON value that cannot be stored as sent: a string or key with a
 * NUL or a lone surrogate, a `__proto__` key, or nesting beyond `maxDepth`. Iterative (no
 * recursion, whatever the depth). Null when the value is clean.
 */
export function findUnsafeJson(value: unknown, maxDepth = DEFAULT_JSON_LIMITS.maxDepth): (FieldError & { code: 'invalid_text' | 'forbidden_key' | 'nesting_too_deep' | 'number_out_of_range' }) | null {
  const stack: { v: unknown; pointer: string; depth: number }[] = [{ v: value, pointer: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, pointer, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSAFE_TEXT.test(v)) return { pointer, code: 'invalid_text', detail: 'contains a NUL character or an unpaired UTF-16 surrogate' };
      continue;
    }
    // JSON.parse reads 1e400 as Infinity, which JSON.stringify writes back as null: refused, not changed.
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { pointer, code: 'number_out_of_range', detail: 'a number beyond the range of a double (about ±1.8e308)' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { pointer, code: 'nesting_too_deep', detail: `nests deeper than ${maxDepth} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], pointer: `${pointer}/${i}`, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(v)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (key === '__proto__') return { pointer: at, code: 'forbidden_key', detail: 'the key __proto__ is not accepted' };
      if (UNSAFE_TEXT.test(key)) return { pointer: at, code: 'invalid_text', detail: 'the key contains a NUL character or an unpaired UTF-16 surrogate' };
      stack.push({ v: (v as Record<string, unknown>)[key], pointer: at, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * The first key a JSON body may not carry into code that assigns properties (class-transformer,
 * merges): `__proto__` anywhere, or `constructor` holding a `prototype` — what Fastify's own parser
 * refuses. Null when there is none. Iterative.
 */
export function findForbiddenKey(value: unknown): string | null {
  const stack: { v: unknown; pointer: string }[] = [{ v: value, pointer: '' }];
  while (stack.length > 0) {
    const { v, pointer } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], pointer: `${pointer}/${i}` });
      continue;
    }
    for (const key of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[key];
      const at = `${pointer}/${escapePointer(key)}`;
      if (key === '__proto__') return at;
      if (key === 'constructor' && child !== null && typeof child === 'object' && Object.prototype.hasOwnProperty.call(child, 'prototype')) return `${at}/prototype`;
      stack.push({ v: child, pointer: at });
    }
  }
  return null;
}

const UNSAFE_TEXT_ALL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text with every NUL and unpaired surrogate replaced by U+FFFD: storable in Postgres, shown as "�". */
export const storableText = (text: string): string => text.replace(UNSAFE_TEXT_ALL, '\ufffd');
