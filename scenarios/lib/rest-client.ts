/** TF Serving REST API client: readiness probe and predict (row `instances` in, `predictions` out). */
import http from 'k6/http';
import { sleep } from 'k6';
import type { Config } from './config.ts';
import { k6Duration } from './env.ts';
import type { PredictOutcome } from './outcome.ts';
import { parseServerTiming } from './server-timing.ts';

const modelPath = (c: Config) => `${c.address}/v1/models/${encodeURIComponent(c.modelName)}${c.modelVersion ? `/versions/${c.modelVersion}` : ''}`;

/** Reads `predictions` (rows of numbers, or rows of {probabilities}) or columnar `outputs`. */
export function readPredictions(body: unknown): number[][] | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const data = b.predictions ?? b.outputs;
  const rows = Array.isArray(data) ? data : data && typeof data === 'object' ? (data as Record<string, unknown>).probabilities : null;
  if (!Array.isArray(rows)) return null;
  const out = rows.map((r) => (Array.isArray(r) ? r : r && typeof r === 'object' ? (r as Record<string, unknown>).probabilities : null));
  return out.every((r) => Array.isArray(r) && r.every((v) => typeof v === 'number')) ? (out as number[][]) : null;
}

export function createRestClient(config: Config) {
  const predictUrl = `${modelPath(config)}:predict`;
  const params = {
    headers: { 'Content-Type': 'application/json' },
    timeout: k6Duration(config.timeoutMs),
    tags: { name: 'predict' },
  };

  function predict(body: string): PredictOutcome {
    const res = http.post(predictUrl, body, params);
    const timing = parseServerTiming(res.headers['Server-Timing']);
    if (res.status !== 200) {
      const reason = res.error || (typeof res.body === 'string' ? res.body.slice(0, 200) : '');
      return { ok: false, detail: `HTTP ${res.status}: ${reason}`, rows: null, timing };
    }
    let rows: number[][] | null = null;
    try {
      rows = readPredictions(JSON.parse(res.body as string));
    } catch {
      rows = null;
    }
    return { ok: true, detail: rows ? 'HTTP 200' : 'HTTP 200 with an unreadable body', rows, timing };
  }

  /** Polls GET /v1/models/<name> until the model is AVAILABLE or the deadline passes; returns an error or null. */
  function probe(): string | null {
    const url = modelPath(config);
    const deadline = Date.now() + config.readyTimeoutMs;
    let last = '';
    for (;;) {
      const res = http.get(url, { timeout: '5s', tags: { name: 'probe' } });
      if (res.status === 200) {
        const states = String(res.body).match(/"state"\s*:\s*"(\w+)"/g) ?? [];
        if (states.length === 0 || states.some((s) => s.includes('AVAILABLE'))) return null;
        last = `model ${config.modelName} is not AVAILABLE yet: ${String(res.body).slice(0, 200)}`;
      } else if (res.status === 0) {
        last = `cannot reach ${config.target} at ${config.address}: ${res.error}. Is the target running? Set BASE_URL to its address`;
      } else {
        last = `GET ${url} answered HTTP ${res.status}: ${String(res.body).slice(0, 200)} (check MODEL_NAME / MODEL_VERSION)`;
      }
      if (Date.now() >= deadline) return last;
      sleep(0.2);
    }
  }

  return { predict, probe };
}
