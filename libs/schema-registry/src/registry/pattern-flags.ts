/**
 * The flags a tenant pattern is compiled with. ajv compiles patterns with `u`, but V8's linear-time
 * fallback (REGEXP_LINEAR_FALLBACK) does not run `u` expressions, so a pattern that means the same
 * without it — no `\p{…}`, `\P{…}` or `\u{…}`, only characters of the basic plane — is compiled
 * without it, and the fallback can take over a match that backtracks too much.
 */
export function patternFlags(pattern: string): '' | 'u' {
  if (/\\[pP]\{|\\u\{|[\uD800-\uDFFF]/.test(pattern)) return 'u';
  try {
    new RegExp(pattern, 'u');
  } catch {
    return 'u'; // invalid as ajv would compile it: reported as such
  }
  return '';
}

/** ajv's `code.regExp`: each pattern with `patternFlags` (the `code` is what standalone code would call). */
export const tenantRegExp = Object.assign((pattern: string, flags: string) => new RegExp(pattern, patternFlags(pattern) === '' ? flags.replace('u', '') : flags), { code: 'new RegExp' });
