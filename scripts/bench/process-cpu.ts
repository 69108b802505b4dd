// CPU time a process has used so far (all its threads: user + system), read from /proc on Linux.
// The service bench compares it with the wall time of a load run: a server near 100% of a core is
// what limits the rate; one well below it is waiting on something else (usually the load generator).
import { readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

/** Seconds of CPU, or null where /proc is not there (macOS, Windows) or the process is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name.
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
