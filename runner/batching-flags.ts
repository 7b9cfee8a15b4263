/** The server-side batching flags, shared by `servebench serve` and `servebench run`. */
import type { BatchingOptions } from '../servers/engines/request-batching.ts';
import { integer } from './flag-values.ts';

export const DEFAULT_MAX_BATCH_SIZE = 32;

export const BATCHING_FLAGS = {
  batching: { type: 'boolean', default: false },
  /** The same switch spelled as TF Serving's `--enable_batching=<bool>`, so compose passes it from `.env`. */
  'enable-batching': { type: 'string' },
  'max-batch-size': { type: 'string', default: String(DEFAULT_MAX_BATCH_SIZE) },
  'batch-timeout-us': { type: 'string', default: '0' },
} as const;

export const BATCHING_USAGE = `  --batching             server-side batching: calls queued for a busy worker run as one inference (TF Serving's --enable_batching)
  --enable-batching <b>  true | false: the same switch with a value (TF Serving's --enable_batching=<bool>; compose's .env)
  --max-batch-size <n>   batching: most images in one joined inference (default ${DEFAULT_MAX_BATCH_SIZE})
  --batch-timeout-us <n> batching: an idle worker waits up to this long for more calls (default 0: never waits)`;

function enabled(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (value !== 'true' && value !== 'false') throw new Error(`--enable-batching must be true or false (got "${value}")`);
  return value === 'true';
}

export function parseBatchingFlags(values: { batching?: boolean; 'enable-batching'?: string; 'max-batch-size'?: string; 'batch-timeout-us'?: string }): BatchingOptions | undefined {
  const size = values['max-batch-size'] ?? String(DEFAULT_MAX_BATCH_SIZE);
  const timeout = values['batch-timeout-us'] ?? '0';
  const options = { maxBatchSize: integer('--max-batch-size', size, 1, 1 << 20), timeoutMicros: integer('--batch-timeout-us', timeout, 0, 10_000_000) };
  return values.batching || enabled(values['enable-batching']) ? options : undefined;
}

/** The same options as `serve` flags (for the runtimes that start targets). */
export function batchingArgs(batching: BatchingOptions | undefined): string[] {
  if (!batching) return [];
  return ['--batching', '--max-batch-size', String(batching.maxBatchSize), '--batch-timeout-us', String(batching.timeoutMicros)];
}
