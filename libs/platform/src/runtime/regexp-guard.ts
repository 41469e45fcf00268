import { setFlagsFromString } from 'node:v8';

const FLAG = '--enable-experimental-regexp-engine-on-excessive-backtracks';

/**
 * A second line against catastrophic backtracking, behind the check of every tenant pattern at
 * upload (`unsafePatterns`): V8 runs a regular expression that backtracks more than 50,000 times
 * in one match again with its linear-time engine (V8's `--enable-experimental-regexp-engine-on-
 * excessive-backtracks`), so a pattern the check let through, or one of a bundle stored before the
 * check, costs milliseconds instead of hours. Patterns the linear engine cannot run (back-references,
 * look-around) are not covered. Set before any tenant schema is compiled: V8 reads the flag when a
 * regular expression is compiled. `REGEXP_LINEAR_FALLBACK=false` turns it off.
 */
export function enableRegExpLinearFallback(): void {
  setFlagsFromString(FLAG);
}
