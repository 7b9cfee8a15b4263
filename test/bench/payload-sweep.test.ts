/**
 * The payload sweep end to end on a small plan: real fastify and grpc targets on loopback (both
 * models), the built-in engine, tiny windows, one image per pool so each cell sends one known
 * request. Every cell of the table is filled, every answer judged right, and the bytes on the
 * wire match the encodings' sizes computed here independently: REST JSON and OIP JSON bodies
 * built with JSON.stringify, the binary extension as raw float32 plus its header, gRPC messages
 * hand-encoded field by field (test/helpers/protobuf-bytes.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runSweep } from '../../bench/payload/run-sweep.ts';
import type { CellResult } from '../../bench/payload/run-cell.ts';
import { SWEEP_MODELS, WIRE_FORMATS, type SweepModel } from '../../bench/payload/sweep-plan.ts';
import { apiPairs, crossovers, markdownTable, sweepRows } from '../../bench/payload/sweep-table.ts';
import { ensureModel } from '../../servers/model/generate.ts';
import { modelSpecNamed } from '../../servers/model/model-specs.ts';
import { syntheticPixels } from '../../servers/data/synthetic-images.ts';
import type { RunningTarget } from '../../servers/targets/target.ts';
import { fieldBytes, fieldVarint, packedVarints } from '../helpers/protobuf-bytes.ts';
import { startTarget } from '../helpers/targets.ts';

const BATCHES = [1, 3];
const LOAD = { vus: 1, warmupMs: 0, durationMs: 1_000, pool: 1 };
/** An HTTP/1.1 request line and headers, or a status line and headers, around a body. */
const HTTP_HEAD = { min: 40, max: 500 };

/** The one image every request of a cell carries (POOL=1), as plain numbers. */
function imageValues(model: SweepModel): number[] {
  return Array.from(syntheticPixels(0, undefined, model.shape, model.pixels));
}

function restJsonBody(model: SweepModel, batch: number): number {
  const [h, w, c] = model.shape;
  const v = imageValues(model);
  const nested = Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => v.slice((y * w + x) * c, (y * w + x + 1) * c)));
  return Buffer.byteLength(JSON.stringify({ instances: Array.from({ length: batch }, () => nested) }));
}

function oipJsonBody(model: SweepModel, batch: number): number {
  const data = Array.from({ length: batch }, () => imageValues(model)).flat();
  return Buffer.byteLength(JSON.stringify({ inputs: [{ name: 'images', datatype: 'FP32', shape: [batch, ...model.shape], data }] }));
}

const rawBytes = (model: SweepModel, batch: number) => batch * model.shape.reduce((a, b) => a * b, 4);

function tensorContentMessage(model: SweepModel, batch: number): number {
  const dims = [batch, ...model.shape].map((size) => fieldBytes(2, fieldVarint(1, size)));
  const tensor = Buffer.concat([fieldVarint(1, 1), fieldBytes(2, Buffer.concat(dims)), fieldBytes(4, Buffer.alloc(rawBytes(model, batch)))]);
  const spec = Buffer.concat([fieldBytes(1, model.name), fieldBytes(3, 'serving_default')]);
  return Buffer.concat([fieldBytes(1, spec), fieldBytes(2, Buffer.concat([fieldBytes(1, 'images'), fieldBytes(2, tensor)]))]).length;
}

function rawInferMessage(model: SweepModel, batch: number): number {
  const input = Buffer.concat([fieldBytes(1, 'images'), fieldBytes(2, 'FP32'), packedVarints(3, [batch, ...model.shape])]);
  return Buffer.concat([fieldBytes(1, model.name), fieldBytes(5, input), fieldBytes(7, Buffer.alloc(rawBytes(model, batch)))]).length;
}

/** [lowest, highest] bytes the engine may count as sent for this format's request. */
function expectedSent(format: string, model: SweepModel, batch: number): [number, number] {
  const http = (body: number): [number, number] => [body + HTTP_HEAD.min, body + HTTP_HEAD.max];
  switch (format) {
    case 'REST JSON (TF Serving)':
      return http(restJsonBody(model, batch));
    case 'OIP REST JSON':
      return http(oipJsonBody(model, batch));
    case 'OIP REST binary':
      // the raw float32 bytes after a JSON header naming the input (shape, binary_data_size) and the output
      return [rawBytes(model, batch) + 100 + HTTP_HEAD.min, rawBytes(model, batch) + 400 + HTTP_HEAD.max];
    case 'gRPC tensor_content': {
      const n = tensorContentMessage(model, batch);
      return [n, n];
    }
    case 'OIP gRPC raw': {
      const n = rawInferMessage(model, batch);
      return [n, n];
    }
    default:
      throw new Error(`no expected size for ${format}`);
  }
}

describe('payload sweep end to end (fastify + grpc targets, built-in engine, small plan)', () => {
  const targets: RunningTarget[] = [];
  let cells: CellResult[] = [];

  before(async () => {
    const plan = [];
    for (const model of SWEEP_MODELS) {
      const modelDir = `models/${model.name}`;
      await ensureModel(modelDir, { spec: modelSpecNamed(model.name) });
      const rest = await startTarget('fastify', { modelDir, maxBodyBytes: 64 << 20 });
      const grpc = await startTarget('grpc', { modelDir, maxBodyBytes: 64 << 20 });
      targets.push(rest, grpc);
      plan.push({ model, target: { rest: rest.url, grpc: grpc.url } });
    }
    cells = await runSweep({ models: plan, formats: WIRE_FORMATS, batches: BATCHES, rounds: 1, load: LOAD });
  });

  after(async () => {
    for (const t of targets) await t.close();
  });

  it('fills every cell of the table: each model x wire format x batch, every answer right', () => {
    const rows = sweepRows(cells);
    assert.equal(rows.length, SWEEP_MODELS.length * WIRE_FORMATS.length * BATCHES.length);
    for (const r of rows) {
      const where = `${r.model} ${r.format} batch ${r.batch}`;
      assert.ok(r.requests > 0, `${where}: requests`);
      assert.equal(r.failed, 0, `${where}: no failed request`);
      assert.equal(r.checkRate, 1, `${where}: every check passed`);
      for (const key of ['imagesPerSec', 'requestsPerSec', 'sentBytes', 'receivedBytes', 'latencyMs', 'serverDecodeMs', 'serverInferMs', 'serverEncodeMs', 'clientMs'] as const) {
        assert.ok(Number.isFinite(r[key]), `${where}: ${key} = ${r[key]}`);
      }
      assert.ok(r.imagesPerSec > 0 && r.serverInferMs > 0, where);
    }
    assert.doesNotMatch(markdownTable(rows), /n\/a/);
    const found = crossovers(rows);
    assert.equal(found.length, SWEEP_MODELS.length * 2, 'a crossover line per model for tensor_content and OIP raw');
    for (const c of found) assert.deepEqual(c.ratios.map((r) => r.batch), BATCHES);
    assert.equal(apiPairs(rows).length, SWEEP_MODELS.length * 2 * BATCHES.length);
  });

  it('counts the bytes each encoding puts on the wire per request', () => {
    for (const c of cells) {
      const model = SWEEP_MODELS.find((m) => m.name === c.model) as SweepModel;
      const [low, high] = expectedSent(c.format, model, c.batch);
      assert.ok(c.sentBytes >= low && c.sentBytes <= high, `${c.model} ${c.format} batch ${c.batch}: sent ${c.sentBytes}, expected ${low}..${high}`);
      // the answer: batch x 10 probabilities (float32 raw, or JSON numbers of up to ~25 characters) and its framing
      const floor = c.batch * 10 * 4;
      assert.ok(c.receivedBytes >= floor && c.receivedBytes <= c.batch * 10 * 26 + 700, `${c.model} ${c.format} batch ${c.batch}: received ${c.receivedBytes}`);
    }
  });

  it('sends the large model float pixels: its JSON bodies carry two-decimal values', () => {
    const large = SWEEP_MODELS.find((m) => m.pixels === 'float') as SweepModel;
    const json = cells.find((c) => c.model === large.name && c.format === 'REST JSON (TF Serving)' && c.batch === 1) as CellResult;
    const values = imageValues(large);
    assert.ok(values.some((v) => !Number.isInteger(v)), 'not only integers');
    assert.ok(values.every((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6), 'two decimals at most');
    assert.ok(json.sentBytes > restJsonBody({ ...large, pixels: 'int' }, 1), 'float JSON is heavier than the same image as integers');
  });
});
