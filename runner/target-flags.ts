/**
 * The flags `servebench serve` and `servebench run` share — model, model name, engine, threads,
 * workers, delay, batching (runner/batching-flags.ts), admission and timeouts
 * (runner/serving-flags.ts) — declared once: their usage lines, flags -> target options, and the
 * way back, target options -> `serve` flags (for the runtimes that start targets).
 */
import { resolve } from 'node:path';
import { ENGINE_NAMES, isEngineName } from '../servers/engines/engine.ts';
import { servedModelName } from '../servers/model/model-dir.ts';
import { DEFAULT_MODEL_DIR, DEFAULT_TARGET_OPTIONS, type TargetOptions } from '../servers/targets/target.ts';
import { BATCHING_FLAGS, BATCHING_USAGE, batchingArgs, parseBatchingFlags } from './batching-flags.ts';
import { integer } from './flag-values.ts';
import { SERVING_FLAGS, SERVING_USAGE, parseServingFlags, servingArgs } from './serving-flags.ts';

export const TARGET_FLAGS = {
  model: { type: 'string', default: DEFAULT_MODEL_DIR },
  'model-name': { type: 'string' },
  engine: { type: 'string', default: DEFAULT_TARGET_OPTIONS.engine },
  threads: { type: 'string', default: String(DEFAULT_TARGET_OPTIONS.threads) },
  workers: { type: 'string', default: String(DEFAULT_TARGET_OPTIONS.workers) },
  'delay-ms': { type: 'string', default: '0' },
  ...BATCHING_FLAGS,
  ...SERVING_FLAGS,
} as const;

export const TARGET_USAGE = `  --model <dir>          model base dir or version dir (default ${DEFAULT_MODEL_DIR}, generated if missing)
  --model-name <name>    name to serve the model under (default: the model dir's name, e.g. cifar10)
  --engine <name>        ${ENGINE_NAMES.join(' | ')} (default ${DEFAULT_TARGET_OPTIONS.engine})
  --threads <n>          intra-op threads per engine (default ${DEFAULT_TARGET_OPTIONS.threads})
  --workers <n>          inference worker threads per target (default ${DEFAULT_TARGET_OPTIONS.workers})
${BATCHING_USAGE}
${SERVING_USAGE}
  --delay-ms <n>         testing only: extra delay per inference`;

/** What the shared flags set, with the same field names in TargetOptions and RunSettings. */
export type TargetFlagOptions = Required<Pick<TargetOptions, 'modelDir' | 'modelName' | 'engine' | 'threads' | 'workers' | 'delayMs'>> &
  Pick<TargetOptions, 'batching' | 'limits'>;

type FlagValues = { [K in keyof typeof TARGET_FLAGS]?: (typeof TARGET_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

export function parseTargetFlags(values: FlagValues): TargetFlagOptions {
  const engine = values.engine ?? DEFAULT_TARGET_OPTIONS.engine;
  if (!isEngineName(engine)) throw new Error(`--engine must be one of ${ENGINE_NAMES.join(', ')} (got "${engine}")`);
  const modelDir = resolve(values.model ?? DEFAULT_MODEL_DIR);
  return {
    modelDir,
    modelName: servedModelName({ modelDir, modelName: values['model-name'] }),
    engine,
    threads: integer('--threads', values.threads ?? String(DEFAULT_TARGET_OPTIONS.threads), 1, 256),
    workers: integer('--workers', values.workers ?? String(DEFAULT_TARGET_OPTIONS.workers), 1, 256),
    delayMs: integer('--delay-ms', values['delay-ms'] ?? '0', 0, 60_000),
    batching: parseBatchingFlags(values),
    limits: parseServingFlags(values),
  };
}

/** The way back: the shared options as `serve` flags that parse to the same options. */
export function targetFlagArgs(o: Pick<TargetOptions, keyof TargetFlagOptions>): string[] {
  const args = ['--model', o.modelDir, '--engine', o.engine, '--threads', String(o.threads), '--workers', String(o.workers)];
  if (o.modelName) args.push('--model-name', o.modelName);
  if (o.delayMs) args.push('--delay-ms', String(o.delayMs));
  return [...args, ...batchingArgs(o.batching), ...servingArgs(o.limits)];
}
