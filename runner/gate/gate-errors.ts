/**
 * Errors the gate reports as "cannot decide" (exit 2) rather than "regression" (exit 1):
 * a bad flag, an unreadable run, a missing or corrupt baseline. Messages say which file,
 * what is wrong with it, and how to fix it.
 */
export class GateInputError extends Error {
  override readonly name = 'GateInputError';
}

/** Exit codes shared by `servebench gate` and `servebench baseline`. */
export const EXIT = { ok: 0, regression: 1, input: 2 } as const;
