/**
 * Open Inference Protocol (KServe v2) REST client: readiness probe (`GET .../ready`) and infer,
 * as JSON (`data` in, `data` out) or with the binary tensor data extension (the batch's raw FP32
 * bytes after a JSON header of `Inference-Header-Content-Length` bytes, and the output asked back
 * as raw bytes).
 */
import http from 'k6/http';
import encoding from 'k6/encoding';
import { sleep } from 'k6';
import type { Config } from './config.ts';
import { k6Duration } from './env.ts';
import { float32LE } from './float32-bytes.ts';
import { INPUT_NAME, inputBytes, inputShape, OUTPUT_NAME } from './oip-payload.ts';
import { toRows, type PredictOutcome } from './outcome.ts';
import { parseServerTiming } from './server-timing.ts';

type Msg = Record<string, any>;
const HEADER_LENGTH = 'Inference-Header-Content-Length';

/** ASCII text as bytes (k6 has no TextEncoder; our header JSON is ASCII). */
function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) throw new Error(`the binary request header must be ASCII: ${text.slice(0, 60)}`);
    out[i] = code;
  }
  return out;
}

/** The probabilities output's rows, from its JSON `data` or from the raw bytes after the header. */
function readOutput(head: Msg, raw: ArrayBuffer | null, headerLength: number): number[][] | null {
  const out = (head.outputs as Msg[] | undefined)?.find((o) => o.name === OUTPUT_NAME);
  if (!out || !Array.isArray(out.shape)) return null;
  if (Array.isArray(out.data)) return toRows(out.data, out.shape);
  const size = out.parameters?.binary_data_size;
  if (!raw || typeof size !== 'number') return null;
  return toRows(float32LE(raw, headerLength, size), out.shape);
}

export function createOipRestClient(config: Config) {
  const base = `${config.address}/v2/models/${encodeURIComponent(config.modelName)}${config.modelVersion ? `/versions/${config.modelVersion}` : ''}`;
  const inferUrl = `${base}/infer`;
  const binary = config.encoding === 'binary';
  const imageBytes = inputBytes(config);
  const header = asciiBytes(
    JSON.stringify({
      inputs: [{ name: INPUT_NAME, datatype: 'FP32', shape: inputShape(config), parameters: { binary_data_size: imageBytes } }],
      outputs: [{ name: OUTPUT_NAME, parameters: { binary_data: true } }],
    }),
  );
  const params = {
    headers: (binary ? { 'Content-Type': 'application/octet-stream', [HEADER_LENGTH]: String(header.length) } : { 'Content-Type': 'application/json' }) as Record<string, string>,
    timeout: k6Duration(config.timeoutMs),
    tags: { name: 'predict' },
    responseType: (binary ? 'binary' : 'text') as 'binary' | 'text',
  };

  function requestBody(body: string): string | ArrayBuffer {
    if (!binary) return body;
    const raw = new Uint8Array(encoding.b64decode(body, 'std'));
    const out = new Uint8Array(header.length + raw.length);
    out.set(header);
    out.set(raw, header.length);
    return out.buffer;
  }

  function predict(body: string): PredictOutcome {
    const res = http.post(inferUrl, requestBody(body), params);
    const timing = parseServerTiming(res.headers['Server-Timing']);
    const raw = typeof res.body === 'string' || res.body === null ? null : (res.body as ArrayBuffer);
    const headerLength = Number(res.headers[HEADER_LENGTH] ?? (raw ? raw.byteLength : 0));
    const text = raw ? (encoding.b64decode(encoding.b64encode(raw.slice(0, headerLength), 'std'), 'std', 's') as string) : String(res.body ?? '');
    if (res.status !== 200) return { ok: false, detail: `HTTP ${res.status}: ${res.error || text.slice(0, 200)}`, rows: null, timing };
    let rows: number[][] | null = null;
    try {
      rows = readOutput(JSON.parse(text) as Msg, raw, headerLength);
    } catch {
      rows = null;
    }
    return { ok: true, detail: rows ? 'HTTP 200' : 'HTTP 200 with an unreadable body', rows, timing };
  }

  /** Polls GET .../ready until 200 or the deadline passes; returns an error or null. */
  function probe(): string | null {
    const url = `${base}/ready`;
    const deadline = Date.now() + config.readyTimeoutMs;
    for (;;) {
      const res = http.get(url, { timeout: '5s', tags: { name: 'probe' } });
      if (res.status === 200) return null;
      const last =
        res.status === 0
          ? `cannot reach ${config.target} at ${config.address}: ${res.error}. Is the server running? Set BASE_URL to its address`
          : `GET ${url} answered HTTP ${res.status}: ${String(res.body).slice(0, 200)} (check MODEL_NAME / MODEL_VERSION)`;
      if (Date.now() >= deadline) return last;
      sleep(0.2);
    }
  }

  return { predict, probe };
}
