import { readdirSync, readFileSync } from 'node:fs';

/**
 * A process's /proc/<pid>/stat fields after its name (which may itself hold a parenthesis):
 * [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime, in clock ticks.
 */
export function procStat(pid: number | string): number[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
}

/** The live children of `parent` with their stat fields (a child that ends while listed is left out). */
export function* childrenOf(parent: number): Generator<{ pid: number; stat: number[] }> {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: number[];
    try {
      stat = procStat(entry);
    } catch {
      continue; // ended meanwhile
    }
    if (stat[1] === parent) yield { pid: Number(entry), stat };
  }
}
