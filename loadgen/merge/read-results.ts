/**
 * Reads instance results (`servebench load --result-out`) from files or directories. A file is
 * one result as JSON, or a log (e.g. `kubectl logs` of a pod run with `--result-out -`) in which
 * one line is the result. Directories contribute every `.json` / `.log` / `.txt` file in them that
 * holds a result (so a merged summary written beside them is skipped).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { INSTANCE_RESULT_KIND, type InstanceResult } from '../run/instance-result.ts';

export class ResultReadError extends Error {
  override name = 'ResultReadError';
}

export interface ReadResult {
  path: string;
  result: InstanceResult;
}

const isResult = (v: unknown): v is InstanceResult => {
  const r = v as Partial<InstanceResult> | null;
  return !!r && typeof r === 'object' && r.kind === INSTANCE_RESULT_KIND;
};

function check(result: InstanceResult, path: string): InstanceResult {
  if (result.v !== 1) throw new ResultReadError(`${path}: instance result version ${String(result.v)} is not supported (expected 1)`);
  const missing = (['instance', 'metrics', 'checks', 'thresholds', 'summaryTrendStats'] as const).filter((k) => result[k] === undefined);
  if (missing.length) throw new ResultReadError(`${path}: instance result lacks ${missing.join(', ')}`);
  return result;
}

/** The one result in a file's text (whole-file JSON, or the one JSON line of a log). */
export function parseResultText(text: string, path: string): InstanceResult {
  try {
    const whole: unknown = JSON.parse(text);
    if (isResult(whole)) return check(whole, path);
  } catch {
    // not one JSON document: look for the result line in a log
  }
  const found: InstanceResult[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{') || !t.includes(INSTANCE_RESULT_KIND)) continue;
    try {
      const obj: unknown = JSON.parse(t);
      if (isResult(obj)) found.push(obj);
    } catch {
      // a log line that only looks like JSON
    }
  }
  if (found.length !== 1) {
    throw new ResultReadError(`${path}: ${found.length ? `${found.length} instance results in one file` : 'no instance result (write one with servebench load --result-out FILE)'}`);
  }
  return check(found[0], path);
}

const RESULT_FILE = /\.(json|log|txt)$/;

/** Every result named by `inputs` (files or directories), in the order given (directories sorted). */
export function readResults(inputs: readonly string[]): ReadResult[] {
  const out: ReadResult[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new ResultReadError(`${input}: no such file or directory`);
    }
    if (!st.isDirectory()) {
      out.push({ path: input, result: parseResultText(readFileSync(input, 'utf8'), input) });
      continue;
    }
    const before = out.length;
    for (const name of readdirSync(input).filter((n) => RESULT_FILE.test(n)).sort()) {
      const path = join(input, name);
      const text = readFileSync(path, 'utf8');
      if (text.includes(INSTANCE_RESULT_KIND)) out.push({ path, result: parseResultText(text, path) });
    }
    if (out.length === before) throw new ResultReadError(`${input}: no instance results in this directory (.json, .log or .txt files)`);
  }
  return out;
}
