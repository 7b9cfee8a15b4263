/**
 * One cell of the payload sweep: the wire format's scenario entry on the built-in engine against
 * a target by address, at one batch size, for one short window (the sweep profile); its figures read from the
 * scenario's JSON summary (k6's metrics over the measured window, phase:measure).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinEngine } from '../../runner/load/load-engine.ts';
import { startLoad } from '../../runner/load/load-process.ts';
import { metricValues, type K6Summary } from '../../runner/report/summary-reader.ts';
import { shapeText } from '../../servers/data/image-shape.ts';
import { CLIENT_CALL_METRIC } from '../../scenarios/lib/thresholds.ts';
import type { SweepModel, WireFormat } from './sweep-plan.ts';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const MEASURE = '{phase:measure}';

export interface CellLoad {
  vus: number;
  warmupMs: number;
  durationMs: number;
  /** Distinct images cycled through. */
  pool: number;
}

export interface CellResult {
  model: string;
  format: string;
  batch: number;
  round: number;
  requests: number;
  /** Closed loop: VUs over the mean iteration time (no edge effect from requests still running when the window ends). */
  requestsPerSec: number;
  imagesPerSec: number;
  /** Bytes the engine sent / received per request (REST: request line, headers and body; gRPC: the protobuf message). */
  sentBytes: number;
  receivedBytes: number;
  latencyMs: number;
  /** Server-Timing parts, mean ms per request. */
  serverDecodeMs: number;
  serverInferMs: number;
  serverEncodeMs: number;
  /** The client's own time per request (encode before, decode after the wire): the script's call minus the request's duration. */
  clientMs: number;
  checkRate: number;
  failed: number;
}

export interface CellTarget {
  rest: string;
  grpc: string;
}

function meanOf(s: K6Summary, metric: string): number {
  return metricValues(s, metric + MEASURE)?.avg ?? NaN;
}

const countOf = (s: K6Summary, metric: string): number => metricValues(s, metric + MEASURE)?.count ?? 0;

/** The figures of one summary. */
export function cellFigures(s: K6Summary, model: string, format: WireFormat, batch: number, round: number, vus: number): CellResult {
  const latency = format.servedBy === 'grpc' ? 'grpc_req_duration' : 'http_req_duration';
  const requests = countOf(s, latency);
  const iterations = countOf(s, 'iterations');
  const failed = metricValues(s, `request_failed${MEASURE}`)?.passes ?? 0;
  const requestsPerSec = (vus * 1000) / meanOf(s, 'iteration_duration');
  return {
    model,
    format: format.label,
    batch,
    round,
    requests,
    requestsPerSec,
    imagesPerSec: requests > 0 ? requestsPerSec * batch * (1 - failed / requests) : NaN,
    sentBytes: iterations ? countOf(s, 'data_sent') / iterations : NaN,
    receivedBytes: iterations ? countOf(s, 'data_received') / iterations : NaN,
    latencyMs: meanOf(s, latency),
    serverDecodeMs: meanOf(s, 'server_decode'),
    serverInferMs: meanOf(s, 'server_infer'),
    serverEncodeMs: meanOf(s, 'server_encode'),
    clientMs: meanOf(s, CLIENT_CALL_METRIC) - meanOf(s, latency),
    checkRate: metricValues(s, `checks${MEASURE}`)?.rate ?? NaN,
    failed,
  };
}

/** Runs one cell; throws with the engine's log tail when it wrote no summary. */
export async function runCell(target: CellTarget, model: SweepModel, format: WireFormat, batch: number, round: number, load: CellLoad): Promise<CellResult> {
  const dir = await mkdtemp(join(tmpdir(), 'servebench-payload-'));
  const summaryPath = join(dir, 'summary.json');
  try {
    const env: Record<string, string> = {
      ...(format.servedBy === 'grpc' ? { GRPC_ADDR: target.grpc.replace(/^grpc:\/\//, '') } : { BASE_URL: target.rest }),
      TARGET: format.servedBy === 'grpc' ? 'grpc' : 'rest',
      ENCODING: format.encoding,
      MODEL_NAME: model.name,
      INPUT_SHAPE: shapeText(model.shape),
      PIXELS: model.pixels,
      EXPECT: model.expect,
      BATCH: String(batch),
      POOL: String(load.pool),
      PROFILE: 'sweep',
      VUS: String(load.vus),
      WARMUP: `${load.warmupMs}ms`,
      DURATION: `${load.durationMs}ms`,
      TIMEOUT: '120s',
      P99_MS: '600000',
      RUN_ID: `payload-${round}`,
      SUMMARY_PATH: summaryPath,
    };
    const running = await startLoad({
      engine: builtinEngine(),
      script: join(SCENARIOS, `${format.entry}.ts`),
      env,
      exportPath: join(dir, 'export.json'),
      logPath: join(dir, 'load.log'),
      warn: (m) => console.warn(m),
    });
    await running.done;
    const text = await readFile(summaryPath, 'utf8').catch(() => null);
    if (!text) throw new Error(`${model.name} ${format.label} batch ${batch}: no summary\n${running.logTail(30)}`);
    return cellFigures(JSON.parse(text) as K6Summary, model.name, format, batch, round, load.vus);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
