/** CPU pinning with taskset when the machine has it; a warning (once) when it does not. */
import { execFileSync } from 'node:child_process';

let available: boolean | undefined;

export function hasTaskset(): boolean {
  if (available === undefined) {
    try {
      execFileSync('taskset', ['--version'], { stdio: 'ignore' });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** The command and args to run `command args` pinned to `cpus` (a taskset list like "0" or "0-1"). */
export function pinned(cpus: string | undefined, command: string, args: string[], warn: (m: string) => void): [string, string[]] {
  if (!cpus) return [command, args];
  if (!hasTaskset()) {
    warn(`taskset not found: not pinning ${command} to CPUs ${cpus}`);
    return [command, args];
  }
  return ['taskset', ['-c', cpus, command, ...args]];
}
