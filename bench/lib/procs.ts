import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time (user + system) a process used so far, in ms; NaN when it is gone or /proc is missing. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (in parentheses, may contain spaces): state is rest[0], utime rest[11], stime rest[12].
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / ticksPerSecond();
  } catch {
    return NaN;
  }
}

/** `pid` and every process below it (HTTP workers of a clustered server), from `/proc/<pid>/task/<tid>/children`. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const tid of readdirSync(`/proc/${out[i]}/task`)) {
        for (const c of readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').split(' ')) if (c.trim()) out.push(Number(c));
      }
    } catch {
      // the process has exited
    }
  }
  return out;
}

/** CPU time of `pid` and its live descendants, in ms. */
export function processTreeCpuMs(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + (processCpuMs(p) || 0), 0);
}

/** A `/proc/<pid>/status` size field (VmHWM, VmRSS, …) in MB. */
export function processStatusMb(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * CPU time per PostgreSQL backend serving `database` (process title `postgres: … <user> <database> …`),
 * keyed by pid. Used to see how the machine's cores are shared between client, server and database.
 */
export function pgBackendCpu(database: string): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const p of pids) {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!cmd.startsWith('postgres:') || !cmd.includes(` ${database} `)) continue;
      const ms = processCpuMs(Number(p));
      if (Number.isFinite(ms)) out.set(Number(p), ms);
    } catch {
      // process ended meanwhile
    }
  }
  return out;
}

/** CPU ms used by the backends between two `pgBackendCpu` snapshots (new backends count from 0). */
export function pgCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

/** Machine-wide CPU time so far, in ms summed over all cores (busy = everything but idle and iowait). */
export function machineCpuMs(): { busy: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
    const k = 1000 / ticksPerSecond();
    return { busy: (user + nice + system + irq + softirq + steal) * k, total: (user + nice + system + idle + iowait + irq + softirq + steal) * k };
  } catch {
    return { busy: NaN, total: NaN };
  }
}
