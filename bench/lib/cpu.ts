// CPU time spent by processes during a run, read from /proc (Linux): what a
// request costs the web server, Postgres and the load generator itself, in
// milliseconds of CPU — a figure that, unlike throughput, barely depends on how
// many other processes share the machine. Elsewhere (no /proc) it reads 0.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU of this process (the load generator), in milliseconds. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function ticksOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop()!.trim().split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * Starts counting the CPU of a changing set of processes (Postgres starts a
 * backend per connection); the returned function gives the milliseconds spent
 * since, by the processes alive at either moment. Call it before a run closes
 * its own connections, or their backends' time is lost.
 */
export function cpuMeter(pids: () => number[]): () => number {
  const before = new Map<number, number>();
  for (const pid of pids()) before.set(pid, ticksOf(pid) ?? 0);
  return () => {
    let ticks = 0;
    for (const pid of pids()) {
      const now = ticksOf(pid);
      if (now !== null) ticks += now - (before.get(pid) ?? 0);
    }
    return ticks * TICK_MS;
  };
}

/**
 * Connections the kernel dropped because a listener's accept queue was full
 * (TcpExt ListenOverflows, machine-wide): each one waits out TCP's SYN
 * retransmit (1, 3, 7 s) while the server may sit idle. Null where unknown.
 */
export function listenOverflows(): number | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    for (let index = 0; index + 1 < lines.length; index += 2) {
      const names = lines[index]!.split(/\s+/);
      const values = lines[index + 1]!.split(/\s+/);
      const at = names.indexOf('ListenOverflows');
      if (names[0] === 'TcpExt:' && at > 0) return Number(values[at]);
    }
  } catch {
    // not Linux
  }
  return null;
}

/** A process and its children (the HTTP workers of a server started with WEB_CONCURRENCY > 1). */
export function withChildren(pid: number): number[] {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent; the command may hold spaces, so split after ')'.
        const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(')').pop()!.trim().split(' ');
        return Number(fields[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [pid, ...children];
}

/** Nanoseconds a process's threads spent runnable but waiting for a CPU (/proc/<pid>/task/<tid>/schedstat, field 2). */
function runQueueWaitNs(pid: number): number {
  try {
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
    }
    return total;
  } catch {
    return 0;
  }
}

/**
 * Milliseconds the processes spent ready to run but waiting for a CPU, from
 * now until the returned function is called: on a shared machine, how much
 * of a run's time its processes were starved rather than working or idle.
 */
export function runQueueMeter(pids: () => number[]): () => number {
  const before = new Map<number, number>();
  for (const pid of pids()) before.set(pid, runQueueWaitNs(pid));
  return () => {
    let ns = 0;
    for (const pid of pids()) ns += runQueueWaitNs(pid) - (before.get(pid) ?? 0);
    return ns / 1e6;
  };
}

/** A process's children running a given script (the server's jobs process: 'serve-jobs'). */
export function childrenRunning(pid: number, script: string): number[] {
  return withChildren(pid)
    .slice(1)
    .filter((child) => {
      try {
        return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes(script);
      } catch {
        return false;
      }
    });
}
