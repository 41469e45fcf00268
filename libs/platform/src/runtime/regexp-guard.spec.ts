import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/**
 * Validates 40 "a"s and a "b" against a tenant schema whose pattern is `^(a|a)+$`, through the
 * registry's own ajv, in a fresh process: exponential without the fallback (hours), with it at once.
 * ajv compiles patterns with `u` by default, which V8's linear engine does not run: the registry
 * compiles them without it where the meaning is the same (pattern-flags.ts).
 */
function evilValidation() {
  const script = [
    "require('@questline/platform').enableRegExpLinearFallback();",
    "const ajv = require('@questline/schema-registry').createAjv();",
    "const validate = ajv.compile({ type: 'string', pattern: '^(a|a)+$' });",
    "const patternProperty = ajv.compile({ type: 'object', patternProperties: { '^(b|b)+$': { type: 'number' } } });",
    "process.stdout.write(JSON.stringify([validate('a'.repeat(40) + 'c'), patternProperty({ [ 'b'.repeat(40) + 'c' ]: 'x' })]));",
  ].join('\n');
  // The timeout only ends a process that hangs: the assertion is on what it printed.
  return spawnSync(process.execPath, ['-r', './tools/register.cjs', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('the linear-time fallback for regular expressions (REGEXP_LINEAR_FALLBACK)', () => {
  it("a tenant pattern that backtracks exponentially finishes through the registry's ajv, with the right answer", () => {
    const run = evilValidation();
    expect(run.stderr).toBe('');
    expect({ status: run.status, signal: run.signal, out: run.stdout }).toEqual({ status: 0, signal: null, out: '[false,true]' });
  }, 90_000);
});
