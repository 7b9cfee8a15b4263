/** Shared by the gate's commands at the CLI edge: flag parsing errors and exit-code mapping. */
import { integer } from '../flag-values.ts';
import { EXIT, GateInputError } from './gate-errors.ts';

export function fraction(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= min || n >= max) {
    throw new GateInputError(`${flag} must be a number between ${min} and ${max} (exclusive), got "${value}"`);
  }
  return n;
}

/** The shared whole-number check (runner/flag-values.ts), failing as a gate input error (exit 2). */
export function wholeNumber(flag: string, value: string, min: number, max = 2 ** 32 - 1): number {
  try {
    return integer(flag, value, min, max);
  } catch (err) {
    throw new GateInputError((err as Error).message);
  }
}

const isParseArgsError = (err: unknown): boolean =>
  err instanceof TypeError && String((err as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS');

/** Runs a command body; bad flags, unreadable runs and bad baselines exit 2 with the reason on stderr. */
export async function withInputErrors(usage: string, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof GateInputError || isParseArgsError(err)) {
      process.stderr.write(`servebench: ${(err as Error).message}\n`);
      if (isParseArgsError(err)) process.stderr.write(`\n${usage}\n`);
      return EXIT.input;
    }
    throw err;
  }
}
