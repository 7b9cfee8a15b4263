/**
 * The k6 binary for Node-side code (tests, benchmarks): asks scripts/ensure-k6.sh once per
 * process and caches the answer.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./ensure-k6.sh', import.meta.url));
let cached: string | undefined;

export function k6Path(): string {
  if (cached) return cached;
  const out = execFileSync('bash', [SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const path = out.trim().split('\n').pop() ?? '';
  if (!path) throw new Error('scripts/ensure-k6.sh printed no k6 path');
  cached = path;
  return path;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(k6Path());
}
