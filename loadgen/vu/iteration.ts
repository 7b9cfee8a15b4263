/**
 * Runs one iteration of a VU as k6 does: the exec function with the setup data, awaited when
 * it returns a promise; then iterations, iteration_duration, data_sent and data_received.
 * An exception ends the iteration (logged, the VU goes on); an interruption ends it uncounted.
 */
import { IterationInterrupted } from './host-services.ts';
import type { VuState } from './vu-state.ts';

/** exec.test.abort(): unwinds the VU and stops the test. */
export class TestAborted extends Error {
  override name = 'TestAborted';
}

export type IterationOutcome = 'done' | 'failed' | 'interrupted';

const errorCounts = new Map<string, number>();

function logException(vu: VuState, err: unknown): void {
  const text = err instanceof Error || (err && typeof err === 'object' && 'message' in err) ? String((err as Error).stack ?? (err as Error).message) : String(err);
  const key = text.split('\n')[0];
  const n = (errorCounts.get(key) ?? 0) + 1;
  errorCounts.set(key, n);
  if (n <= 3) process.stderr.write(`ERRO VU ${vu.id}: ${text}${n === 3 ? '\n(further identical errors are not printed)' : ''}\n`);
}

export async function runIteration(vu: VuState, fn: (data: unknown) => unknown, data: unknown): Promise<IterationOutcome> {
  vu.beginIteration();
  vu.groupPath = '';
  vu.bytesSent = 0;
  vu.bytesReceived = 0;
  const start = performance.now();
  let outcome: IterationOutcome = 'done';
  try {
    const r = fn(data);
    if (r && typeof (r as Promise<unknown>).then === 'function') await r;
  } catch (err) {
    if (err instanceof IterationInterrupted) outcome = 'interrupted';
    else if (err instanceof TestAborted) throw err;
    else {
      outcome = 'failed';
      logException(vu, err);
    }
  }
  vu.groupPath = '';
  if (outcome === 'interrupted') return outcome;
  // Sub-millisecond, as k6's nanosecond times: same-millisecond samples of one series stay apart (InfluxDB keeps one point per series and time).
  const end = performance.timeOrigin + performance.now();
  const tags = vu.tags();
  const host = vu.host;
  host.emit('iteration_duration', performance.now() - start, tags, end);
  host.emit('iterations', 1, tags, end);
  if (vu.bytesSent) host.emit('data_sent', vu.bytesSent, tags, end);
  if (vu.bytesReceived) host.emit('data_received', vu.bytesReceived, tags, end);
  return outcome;
}
