import { createHash } from 'node:crypto';

/** Every string in a JSON value equal to `from` (as a value or a key) becomes `to`. */
export function replaceStrings(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value === from ? to : value;
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, from, to));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === from ? to : k, replaceStrings(v, from, to)]));
  return value;
}

/** A key that named an erased user: its SHA-256, the same as Postgres' `'erased:' || encode(sha256(...), 'hex')`. */
export const erasedKey = (key: string) => `erased:${createHash('sha256').update(key, 'utf8').digest('hex')}`;

/**
 * Like replaceStrings, and inside an object that belongs to the user (one of its values is exactly
 * `from`: an award or outcome of theirs), every other string that contains the id (an idempotency
 * or dedup key built from it) becomes its hash — the one the ledger's key was given.
 */
export function scrubUser(value: unknown, from: string, to: string, owned = false): unknown {
  if (typeof value === 'string') return value === from ? to : owned && value.includes(from) ? erasedKey(value) : value;
  if (Array.isArray(value)) return value.map((v) => scrubUser(v, from, to, owned));
  if (value !== null && typeof value === 'object') {
    const mine = owned || Object.values(value).includes(from);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === from ? to : k, scrubUser(v, from, to, mine)]));
  }
  return value;
}
