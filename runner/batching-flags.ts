/** The server-side batching flags, shared by `servebench serve` and `servebench run`. */
import type { BatchingOptions } from '../servers/engines/request-batching.ts';
import { integer } from './flag-values.ts';

export const DEFAULT_MAX_BATCH_SIZE = 32;

export const BATCHING_FLAGS = {
  batching: { type: 'boolean', default: false },
  'max-batch-size': { type: 'string', default: String(DEFAULT_MAX_BATCH_SIZE) },
  'batch-timeout-us': { type: 'string', default: '0' },
} as const;

export const BATCHING_USAGE = `  --batching             server-side batching: calls queued for a busy worker run as one inference (TF Serving's --enable_batching)
  --max-batch-size <n>   batching: most images in one joined inference (default ${DEFAULT_MAX_BATCH_SIZE})
  --batch-timeout-us <n> batching: an idle worker waits up to this long for more calls (default 0: never waits)`;

export function parseBatchingFlags(values: { batching?: boolean; 'max-batch-size'?: string; 'batch-timeout-us'?: string }): BatchingOptions | undefined {
  const size = values['max-batch-size'] ?? String(DEFAULT_MAX_BATCH_SIZE);
  const timeout = values['batch-timeout-us'] ?? '0';
  const options = { maxBatchSize: integer('--max-batch-size', size, 1, 1 << 20), timeoutMicros: integer('--batch-timeout-us', timeout, 0, 10_000_000) };
  return values.batching ? options : undefined;
}

/** The same options as `serve` flags (for the runtimes that start targets). */
export function batchingArgs(batching: BatchingOptions | undefined): string[] {
  if (!batching) return [];
  return ['--batching', '--max-batch-size', String(batching.maxBatchSize), '--batch-timeout-us', String(batching.timeoutMicros)];
}
