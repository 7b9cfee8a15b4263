/**
 * Reads CPU time and resident memory of a process tree from /proc (Linux). No sampling
 * policy here: callers turn cumulative CPU ticks into percentages.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** Kernel clock ticks per second (USER_HZ), asked once. */
export function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in ticks. */
  cpuTicks: number;
}

function readStat(pid: number, file = `/proc/${pid}/stat`): ProcStat | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // rest[0] = state (field 3), rest[1] = ppid, rest[11] = utime, rest[12] = stime.
    if (rest[0] === 'Z') return undefined;
    return { pid, ppid: Number(rest[1]), cpuTicks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return undefined;
  }
}

function readRssBytes(pid: number): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** `root` and every live descendant of it. */
export function processTree(root: number): number[] {
  const stats = allStats();
  const children = new Map<number, number[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  if (!stats.some((s) => s.pid === root)) return [];
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift() as number;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

export interface TreeUsage {
  /** Cumulative CPU seconds of the live processes. */
  cpuSeconds: number;
  rssBytes: number;
  pids: number[];
}

export function treeUsage(roots: number[]): TreeUsage {
  const pids = roots.flatMap((r) => processTree(r));
  let ticks = 0;
  let rss = 0;
  for (const pid of pids) {
    ticks += readStat(pid)?.cpuTicks ?? 0;
    rss += readRssBytes(pid);
  }
  return { cpuSeconds: ticks / clockTicks(), rssBytes: rss, pids };
}

/** True while `pid` exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  return readStat(pid) !== undefined;
}

export interface ThreadCpu {
  /** Cumulative CPU seconds of the process's main thread (Node: the event loop). */
  mainSeconds: number;
  /** Cumulative CPU seconds of all its other threads (worker threads, libuv pool, V8 helpers). */
  otherSeconds: number;
}

/** CPU time of one process split into its main thread and the rest, from /proc/<pid>/task. */
export function threadCpu(pid: number): ThreadCpu {
  let main = 0;
  let other = 0;
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    // the process is gone: zero
  }
  for (const tid of tids) {
    const ticks = readStat(Number(tid), `/proc/${pid}/task/${tid}/stat`)?.cpuTicks ?? 0;
    if (Number(tid) === pid) main += ticks;
    else other += ticks;
  }
  return { mainSeconds: main / clockTicks(), otherSeconds: other / clockTicks() };
}
