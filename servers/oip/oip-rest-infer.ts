/**
 * The REST infer body in both of the protocol's forms: plain JSON, or the binary tensor data
 * extension — a JSON header of `Inference-Header-Content-Length` bytes followed by the raw tensors
 * of the inputs whose `parameters.binary_data_size` says so, in order. Outputs are answered as JSON
 * `data`, or as raw bytes after the JSON header when the request asks (`outputs[].parameters.
 * binary_data`, or `parameters.binary_data_output` for all of them).
 */
import type { ModelRef } from '../core/model-backend.ts';
import { invalidArgument } from '../core/serving-error.ts';
import type { TensorMap } from '../engines/engine.ts';
import type { OipInput } from './oip-tensors.ts';
import { outputHead, rawOutput } from './oip-tensors.ts';

export const HEADER_LENGTH = 'inference-header-content-length';
export const BINARY_CONTENT_TYPE = 'application/octet-stream';

export interface OipRestInfer {
  id?: string;
  inputs: OipInput[];
  /** Requested output names (empty: all). */
  outputs: string[];
  /** Which outputs go back as raw bytes: the named ones, or all with `allBinary`. */
  binaryOutputs: Set<string>;
  allBinary: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const param = (holder: Json, name: string): unknown => (isObject(holder.parameters) ? holder.parameters[name] : undefined);

function parseHeaderLength(value: string | undefined, bodyLength: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || n > bodyLength) {
    throw invalidArgument(`${HEADER_LENGTH}: ${value} is not a byte count within the body's ${bodyLength} bytes`);
  }
  return n;
}

function parseJson(text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`JSON parse error: ${(err as Error).message}`);
  }
  if (!isObject(parsed)) throw invalidArgument('the inference request must be a JSON object with "inputs"');
  return parsed;
}

export function decodeInferBody(body: Buffer, headerLengthValue: string | undefined): OipRestInfer {
  const headerLength = parseHeaderLength(headerLengthValue, body.length);
  const head = parseJson(body.toString('utf8', 0, headerLength ?? body.length));
  const binary = headerLength === undefined ? undefined : body.subarray(headerLength);
  if (head.id !== undefined && typeof head.id !== 'string') throw invalidArgument('"id" must be a string');
  if (!Array.isArray(head.inputs) || head.inputs.length === 0) throw invalidArgument('"inputs" must be a non-empty array of tensors');
  let offset = 0;
  const inputs = head.inputs.map((input: unknown, i): OipInput => {
    if (!isObject(input) || typeof input.name !== 'string') throw invalidArgument(`inputs[${i}] must be an object with a "name"`);
    const size = param(input, 'binary_data_size');
    if (size === undefined) {
      if (input.data === undefined) throw invalidArgument(`input "${input.name}" has neither "data" nor parameters.binary_data_size`);
      return { name: input.name, datatype: input.datatype, shape: input.shape, values: { json: input.data } };
    }
    if (!binary) throw invalidArgument(`input "${input.name}" has binary_data_size but the request has no ${HEADER_LENGTH} header`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw invalidArgument(`input "${input.name}": binary_data_size must be a byte count`);
    if (offset + size > binary.length) {
      throw invalidArgument(`input "${input.name}": binary_data_size ${size} runs past the ${binary.length} bytes of binary data`);
    }
    const raw = binary.subarray(offset, offset + size);
    offset += size;
    return { name: input.name, datatype: input.datatype, shape: input.shape, values: { raw } };
  });
  if (binary && offset !== binary.length) {
    throw invalidArgument(`the binary data holds ${binary.length} bytes but the inputs' binary_data_size add up to ${offset}`);
  }
  const requested = head.outputs === undefined ? [] : head.outputs;
  if (!Array.isArray(requested)) throw invalidArgument('"outputs" must be an array');
  const binaryOutputs = new Set<string>();
  const outputs = requested.map((out: unknown, i) => {
    if (!isObject(out) || typeof out.name !== 'string') throw invalidArgument(`outputs[${i}] must be an object with a "name"`);
    if (param(out, 'binary_data') === true) binaryOutputs.add(out.name);
    return out.name;
  });
  return { id: head.id as string | undefined, inputs, outputs, binaryOutputs, allBinary: param(head, 'binary_data_output') === true };
}

export interface EncodedInfer {
  body: string | Buffer;
  headers?: Record<string, string>;
}

export function encodeInferResponse(model: Required<Pick<ModelRef, 'name' | 'version'>>, request: OipRestInfer, outputs: TensorMap): EncodedInfer {
  const raws: Buffer[] = [];
  const heads = Object.entries(outputs).map(([name, tensor]) => {
    if (!request.allBinary && !request.binaryOutputs.has(name)) return { ...outputHead(name, tensor), data: Array.from(tensor.data) };
    const raw = rawOutput(tensor);
    raws.push(raw);
    return { ...outputHead(name, tensor), parameters: { binary_data_size: raw.length } };
  });
  const json = JSON.stringify({ model_name: model.name, model_version: model.version, ...(request.id !== undefined ? { id: request.id } : {}), outputs: heads });
  if (raws.length === 0) return { body: json };
  const head = Buffer.from(json);
  return {
    body: Buffer.concat([head, ...raws]),
    headers: { 'content-type': BINARY_CONTENT_TYPE, [HEADER_LENGTH]: String(head.length) },
  };
}
