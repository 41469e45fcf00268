import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/** Runs `^(a|a)+$` against 40 "a"s and a "b" in a fresh process: exponential without the fallback (hours), with it at once. */
function evilMatch(guarded: boolean) {
  const script = [
    guarded ? "require('@questline/platform').enableRegExpLinearFallback();" : '',
    "process.stdout.write(String(new RegExp('^(a|a)+$').test('a'.repeat(40) + 'b')));",
  ].join('\n');
  // The timeout only ends a process that hangs: the assertion is on what it printed.
  return spawnSync(process.execPath, ['-r', './tools/register.cjs', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('the linear-time fallback for regular expressions (REGEXP_LINEAR_FALLBACK)', () => {
  it('a pattern that backtracks exponentially finishes, with the right answer', () => {
    const run = evilMatch(true);
    expect(run.stderr).toBe('');
    expect({ status: run.status, signal: run.signal, out: run.stdout }).toEqual({ status: 0, signal: null, out: 'false' });
  }, 90_000);
});
