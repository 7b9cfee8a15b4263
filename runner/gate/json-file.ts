/** Reading a JSON file the gate depends on, with errors that name the file and the fix. */
import { readFileSync } from 'node:fs';
import { GateInputError } from './gate-errors.ts';

/** Parses `path` as JSON; `what` names the file ("baseline", "run report"), `fix` says how to get a good one. */
export function readJsonFile(path: string, what: string, fix: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? String(err)})`;
    throw new GateInputError(`${what} "${path}" ${why}.\n${fix}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new GateInputError(`${what} "${path}" is not valid JSON (${detail}).\n${fix}`);
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isPositiveNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
