/** What a protocol client hands back for one predict call, whatever the wire format. */
import type { ServerTiming } from './server-timing.ts';

export interface PredictOutcome {
  /** HTTP 200 / gRPC OK. */
  ok: boolean;
  /** Short reason when not ok or not parseable, e.g. `HTTP 503: model not loaded`. */
  detail: string;
  /** One row of class probabilities per image, or null when the body could not be read. */
  rows: number[][] | null;
  timing: ServerTiming;
}

/** One prebuilt request: its wire body and the class expected for each image (null: not judged). */
export interface PreparedRequest {
  body: string;
  expected: number[] | null;
}

/** Splits a flat row-major [batch, classes] array into rows; null when the shape does not match. */
export function toRows(flat: ArrayLike<number>, shape: number[]): number[][] | null {
  if (shape.length !== 2 || shape[0] * shape[1] !== flat.length) return null;
  const rows: number[][] = [];
  for (let r = 0; r < shape[0]; r++) rows.push(Array.from({ length: shape[1] }, (_, c) => flat[r * shape[1] + c]));
  return rows;
}
