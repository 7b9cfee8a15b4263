/**
 * `servebench load` flags, in k6's spelling, parsed once into plain options. Unknown or
 * malformed flags are configuration errors (k6's exit code 104).
 */
import type { CliOverrides } from '../options/test-options.ts';
import { parseStartAt, StartAtError } from '../run/start-at.ts';

export interface LoadFlags {
  script: string;
  env: Record<string, string>;
  includeSystemEnv: boolean;
  overrides: CliOverrides;
  outs: string[];
  summaryExport?: string;
  quiet: boolean;
  noSummary: boolean;
  /** REST API address (host:port) for live counters, or undefined for none. */
  address?: string;
  vuMode: 'auto' | 'thread' | 'shared';
  /** Engine-only: write the engine's own CPU, memory and arrival scheduling accuracy as JSON here. */
  engineStats?: string;
  /** Print the resolved options as JSON and exit (like `k6 inspect --execution-requirements`). */
  inspect: boolean;
  vuThreads?: number;
  /** Engine: start the test at this wall-clock instant (ms since the epoch), after VU init, before setup(). */
  startAt?: number;
  /** Engine: write this instance's mergeable result (metric snapshots, checks, thresholds) as JSON here. */
  resultOut?: string;
}

export class FlagError extends Error {
  override name = 'FlagError';
}

export const LOAD_USAGE = `usage: servebench load [flags] <script.ts|script.js>

Runs a k6 script on servebench's built-in engine (k6's semantics; k6 itself is not needed).
  -e, --env KEY=VALUE                 set __ENV.KEY (repeatable)
      --include-system-env-vars=false do not pass the process environment into __ENV
  -u, --vus N                         VUs (with --duration or --iterations: replaces the script's scenarios)
  -d, --duration D                    test duration (e.g. 30s, 1m30s)
  -i, --iterations N                  total iterations (shared-iterations)
  -s, --stage D:T                     ramping-vus stage (repeatable)
      --tag k=v                       tag every sample (repeatable)
  -o, --out influxdb=URL | json=FILE  stream samples (repeatable)
      --summary-export FILE           k6's summary export file
      --summary-trend-stats a,b,...   trend stats in the summary
  -q, --quiet                         no progress on stderr
      --no-summary                    no end-of-test summary
      --execution-segment F:T         run only this share of the test (e.g. 1/3:2/3)
      --execution-segment-sequence S  the shared sequence of all instances (e.g. 0,1/3,2/3,1)
  -a, --address HOST:PORT             REST API for live counters (GET /v1/metrics/<name>)
      --inspect                       print the resolved options (scenarios, thresholds, tags) as JSON and exit
      --no-color                      accepted for k6 compatibility (output has no colour)
      --vu-mode auto|thread|shared    engine: one thread per VU (blocking scripts) or many async VUs per thread
      --engine-stats FILE             engine: its own CPU, memory, arrival-rate scheduling accuracy and achieved start gaps, as JSON
      --vu-threads N                  engine: threads for shared-mode VUs (default: the cores)
      --start-at TIME                 engine: start at this instant (RFC 3339 or Unix seconds), after VU init, before setup()
      --result-out FILE               engine: this instance's mergeable result as JSON ('-': stdout; servebench merge combines them)
`;

const WITH_VALUE = new Map<string, string>([
  ['-e', 'env'], ['--env', 'env'], ['-u', 'vus'], ['--vus', 'vus'], ['-d', 'duration'], ['--duration', 'duration'],
  ['-i', 'iterations'], ['--iterations', 'iterations'], ['-s', 'stage'], ['--stage', 'stage'], ['--tag', 'tag'],
  ['-o', 'out'], ['--out', 'out'], ['--summary-export', 'summary-export'], ['--summary-trend-stats', 'summary-trend-stats'],
  ['--execution-segment', 'execution-segment'], ['--execution-segment-sequence', 'execution-segment-sequence'],
  ['-a', 'address'], ['--address', 'address'], ['--engine-stats', 'engine-stats'], ['--vu-mode', 'vu-mode'], ['--vu-threads', 'vu-threads'],
  ['--start-at', 'start-at'], ['--result-out', 'result-out'],
]);
const BOOLEAN = new Set(['--inspect', '-q', '--quiet', '--no-summary', '--no-color', '--no-usage-report', '--include-system-env-vars']);

function keyValue(text: string, flag: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new FlagError(`${flag} ${text}: expected KEY=VALUE`);
  return [text.slice(0, i), text.slice(i + 1)];
}

function wholeNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new FlagError(`${flag} ${text}: expected a whole number`);
  return n;
}

export function parseLoadFlags(argv: string[]): LoadFlags {
  const flags: LoadFlags = { script: '', env: {}, includeSystemEnv: true, overrides: {}, outs: [], quiet: false, noSummary: false, vuMode: 'auto', inspect: false };
  const stages: { duration: string; target: number }[] = [];
  const tags: Record<string, string> = {};
  const scripts: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (BOOLEAN.has(arg)) {
      if (arg === '-q' || arg === '--quiet') flags.quiet = true;
      if (arg === '--no-summary') flags.noSummary = true;
      if (arg === '--inspect') flags.inspect = true;
      if (arg === '--include-system-env-vars') flags.includeSystemEnv = value !== 'false';
      continue;
    }
    const name = WITH_VALUE.get(arg);
    if (!name) {
      if (arg.startsWith('-')) throw new FlagError(`unknown flag ${arg} (servebench load --help lists the flags)`);
      scripts.push(arg);
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new FlagError(`${arg} needs a value`);
    }
    switch (name) {
      case 'env': {
        const [k, v] = keyValue(value, arg);
        flags.env[k] = v;
        break;
      }
      case 'vus':
        flags.overrides.vus = wholeNumber(value, arg);
        break;
      case 'duration':
        flags.overrides.duration = value;
        break;
      case 'iterations':
        flags.overrides.iterations = wholeNumber(value, arg);
        break;
      case 'stage': {
        const [d, t] = value.split(':');
        if (!d || t === undefined) throw new FlagError(`${arg} ${value}: expected DURATION:TARGET`);
        stages.push({ duration: d, target: wholeNumber(t, arg) });
        break;
      }
      case 'tag': {
        const [k, v] = keyValue(value, arg);
        tags[k] = v;
        break;
      }
      case 'out':
        flags.outs.push(value);
        break;
      case 'summary-export':
        flags.summaryExport = value;
        break;
      case 'summary-trend-stats':
        flags.overrides.summaryTrendStats = value.split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case 'execution-segment':
        flags.overrides.executionSegment = value;
        break;
      case 'execution-segment-sequence':
        flags.overrides.executionSegmentSequence = value;
        break;
      case 'address':
        flags.address = value;
        break;
      case 'engine-stats':
        flags.engineStats = value;
        break;
      case 'vu-mode':
        if (value !== 'auto' && value !== 'thread' && value !== 'shared') throw new FlagError(`--vu-mode ${value}: expected auto, thread or shared`);
        flags.vuMode = value;
        break;
      case 'vu-threads':
        flags.vuThreads = wholeNumber(value, arg);
        break;
      case 'start-at':
        try {
          flags.startAt = parseStartAt(value, Date.now());
        } catch (err) {
          throw new FlagError(err instanceof StartAtError ? err.message : String(err));
        }
        break;
      case 'result-out':
        flags.resultOut = value;
        break;
    }
  }
  if (stages.length) flags.overrides.stages = stages;
  if (Object.keys(tags).length) flags.overrides.tags = tags;
  if (scripts.length !== 1) throw new FlagError(scripts.length ? `one script expected, got ${scripts.join(' ')}` : 'no script given');
  flags.script = scripts[0];
  return flags;
}
