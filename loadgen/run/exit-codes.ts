/** k6's documented process exit codes, which the built-in engine returns for the same outcomes. */
export const EXIT = {
  ok: 0,
  thresholdsFailed: 99,
  setupTimeout: 100,
  teardownTimeout: 101,
  genericTimeout: 102,
  genericEngine: 103,
  invalidConfig: 104,
  externalAbort: 105,
  cannotStartRestApi: 106,
  scriptException: 107,
  scriptAborted: 108,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
