/**
 * Verify before measure (as TechEmpower does): before a target's first profile, a handful of
 * predict calls, one image each, judged by the scenarios' own rules (scenarios/lib/answer-rules.ts)
 * against the classes our reference engine gives those images (scenarios/lib/expected-synthetic.json,
 * or `<data>.expected.json` with --data). A target that answers wrongly is marked invalid and not
 * measured; the reason names the first wrong answer.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'undici';
import { SYNTHETIC_EXPECTED_FILE } from '../../build/expected-classes.ts';
import { answerChecks, argmax } from '../../scenarios/lib/answer-rules.ts';
import { parseExpectedFile } from '../../scenarios/lib/expected-file.ts';
import { toRows, type PredictOutcome } from '../../scenarios/lib/outcome.ts';
import { loadCifarBinaryFile } from '../../servers/data/cifar-binary-file.ts';
import { toFloat32Batch } from '../../servers/data/batch.ts';
import { nestedImage } from '../../servers/data/image-json.ts';
import { DEFAULT_IMAGE_SEED, syntheticImage } from '../../servers/data/synthetic-images.ts';
import { OUTPUT_NAME } from '../../servers/model/architecture.ts';
import type { RunSettings } from './run-settings.ts';
import type { TargetSpec } from './target-specs.ts';

/** How many predict calls the correctness pass makes. */
export const VERIFY_REQUESTS = 5;

export interface VerifyOptions {
  url: string;
  protocol: 'rest' | 'grpc';
  modelName: string;
  /** 'class': argmax judged too; 'shape': shape and softmax only (canned answers, the null baseline). */
  expect: 'class' | 'shape';
  /** CIFAR-10 binary batch (--data); synthetic images otherwise. */
  data?: string;
  requests?: number;
  timeoutMs?: number;
}

export type Verdict = { valid: true; requests: number } | { valid: false; reason: string };

interface Sample {
  pixels: Uint8Array;
  expected: number;
}

async function samples(data: string | undefined, count: number): Promise<Sample[]> {
  const path = data ? `${data}.expected.json` : SYNTHETIC_EXPECTED_FILE;
  const file = parseExpectedFile(await readFile(path, 'utf8'), path);
  const picked = file.images.slice(0, count);
  if (!data) return picked.map((e) => ({ pixels: syntheticImage(e.index, file.seed ?? DEFAULT_IMAGE_SEED).pixels, expected: e.class }));
  const images = await loadCifarBinaryFile(data);
  return picked.map((e) => ({ pixels: images[e.index].pixels, expected: e.class }));
}

async function restPredict(o: VerifyOptions, pixels: Uint8Array): Promise<PredictOutcome> {
  const timeout = o.timeoutMs ?? 10_000;
  const res = await request(`${o.url}/v1/models/${encodeURIComponent(o.modelName)}:predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instances: [nestedImage(pixels)] }),
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) return { ok: false, detail: `HTTP ${res.statusCode}: ${text.slice(0, 200)}`, rows: null, timing: {} };
  let rows: number[][] | null = null;
  try {
    const body = JSON.parse(text) as { predictions?: unknown; outputs?: unknown };
    const answer = body.predictions ?? body.outputs;
    if (Array.isArray(answer) && answer.every((r) => Array.isArray(r) && r.every((p) => typeof p === 'number'))) rows = answer as number[][];
  } catch {
    // not JSON: rows stay null
  }
  return { ok: true, detail: rows ? 'HTTP 200' : `HTTP 200 without rows of probabilities: ${text.slice(0, 200)}`, rows, timing: {} };
}

async function grpcPredictor(o: VerifyOptions) {
  const { createServingClients, unaryCall } = await import('../../servers/grpc/serving-clients.ts');
  const { decodeTensorProto, encodeShape } = await import('../../servers/grpc/tensor-codec.ts');
  type Answer = { outputs?: Record<string, Parameters<typeof decodeTensorProto>[1]> };
  const clients = createServingClients(o.url, 64 << 20);
  const predict = async (pixels: Uint8Array): Promise<PredictOutcome> => {
    const input = toFloat32Batch([pixels]);
    const images = { dtype: 'DT_FLOAT', tensor_shape: encodeShape([1, 32, 32, 3]), tensor_content: Buffer.from(input.buffer, input.byteOffset, input.byteLength) };
    try {
      const { response } = await unaryCall<Answer>(clients.prediction, 'Predict', { model_spec: { name: o.modelName }, inputs: { images } }, undefined, { deadlineMs: o.timeoutMs ?? 10_000 });
      const proto = response.outputs?.[OUTPUT_NAME];
      const tensor = proto ? decodeTensorProto(OUTPUT_NAME, proto, 'output') : undefined;
      const rows = tensor ? toRows(tensor.data as ArrayLike<number>, tensor.shape) : null;
      return { ok: true, detail: rows ? 'gRPC OK' : `gRPC OK without a readable ${OUTPUT_NAME} tensor`, rows, timing: {} };
    } catch (err) {
      const e = err as { code?: number; details?: string; message?: string };
      return { ok: false, detail: `gRPC status ${e.code ?? '?'}: ${e.details ?? e.message ?? String(err)}`, rows: null, timing: {} };
    }
  };
  return { predict, close: () => clients.close() };
}

/** Sends the handful of requests and judges each answer; the first wrong one makes the target invalid. */
export async function verifyAnswers(o: VerifyOptions): Promise<Verdict> {
  const count = o.requests ?? VERIFY_REQUESTS;
  const picked = await samples(o.data, count);
  const grpc = o.protocol === 'grpc' ? await grpcPredictor(o) : undefined;
  const predict = grpc ? grpc.predict : (pixels: Uint8Array) => restPredict(o, pixels);
  try {
    for (const [i, s] of picked.entries()) {
      const outcome = await predict(s.pixels).catch((err: unknown): PredictOutcome => ({ ok: false, detail: err instanceof Error ? err.message : String(err), rows: null, timing: {} }));
      const expected = o.expect === 'class' ? [s.expected] : null;
      const failed = Object.entries(answerChecks(outcome, expected, o.expect, 1)).filter(([, passes]) => !passes()).map(([name]) => name);
      if (failed.length) {
        const got = outcome.rows ? `argmax ${JSON.stringify(outcome.rows.map(argmax))}, rows ${JSON.stringify(outcome.rows.map((r) => r.length))} long` : 'no rows';
        return { valid: false, reason: `answer ${i + 1} of ${picked.length} is wrong (failed: ${failed.join(', ')}; ${outcome.detail}; ${got}; expected class ${s.expected})` };
      }
    }
    return { valid: true, requests: picked.length };
  } finally {
    grpc?.close();
  }
}

/** The runner's pass for one target at `url`: why it is invalid, or undefined when every answer was right. */
export async function wrongAnswers(settings: Pick<RunSettings, 'modelName' | 'data'>, spec: Pick<TargetSpec, 'protocol' | 'servesModel'>, url: string): Promise<string | undefined> {
  const verdict = await verifyAnswers({ url, protocol: spec.protocol, modelName: settings.modelName, expect: spec.servesModel ? 'class' : 'shape', data: settings.data });
  return verdict.valid ? undefined : `invalid, not measured: wrong answers in the correctness pass before the first profile: ${verdict.reason}`;
}
