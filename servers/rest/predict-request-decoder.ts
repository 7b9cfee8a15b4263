/**
 * Decodes a TF Serving REST predict body into float32 tensors:
 *   row format      {"signature_name"?: s, "instances": [inst, ...]}
 *   columnar format {"signature_name"?: s, "inputs": tensor | {name: tensor}}
 * A row instance is the input tensor without its batch dimension (or {name: tensor} for
 * several inputs). Shapes are read from the nested arrays; the signature check comes after.
 */
import type { ModelSignature, Tensor, TensorMap } from '../engines/engine.ts';
import { invalidArgument } from '../core/serving-error.ts';
import { shapeSize } from '../core/tensor-validation.ts';
import { scanNumericBody } from './numeric-json-scanner.ts';

export type RequestFormat = 'row' | 'columnar';

export interface DecodedPredict {
  format: RequestFormat;
  signatureName?: string;
  inputs: TensorMap;
}

/**
 * Decodes a predict body. The common case (one input, a plain nested number array) is read
 * straight from the bytes; everything else, and every error, goes through JSON.parse.
 */
export function decodePredictBody(body: Buffer | string, signature: ModelSignature): DecodedPredict {
  if (typeof body !== 'string' && signature.inputs.length === 1) {
    const scanned = scanNumericBody(body);
    if (scanned) {
      const { key, signatureName, data, shape } = scanned;
      return { format: key === 'instances' ? 'row' : 'columnar', signatureName, inputs: { [signature.inputs[0].name]: { data, shape } } };
    }
  }
  return decodePredictJson(body, signature);
}

/** The general decoder: JSON.parse, then the request's structure, with TF-Serving-style errors. */
export function decodePredictJson(body: Buffer | string, signature: ModelSignature): DecodedPredict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (err) {
    throw invalidArgument(`JSON Parse error: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidArgument('JSON Value: request body must be a JSON object with "instances" or "inputs"');
  }
  const req = parsed as Record<string, unknown>;
  const signatureName = req.signature_name;
  if (signatureName !== undefined && typeof signatureName !== 'string') {
    throw invalidArgument('"signature_name" must be a string');
  }
  const hasInstances = 'instances' in req;
  const hasInputs = 'inputs' in req;
  if (hasInstances && hasInputs) {
    throw invalidArgument('Not both of "instances" and "inputs" can be specified in one request');
  }
  if (!hasInstances && !hasInputs) throw invalidArgument('Missing "inputs" or "instances" key');
  const names = signature.inputs.map((s) => s.name);
  const inputs = hasInstances ? decodeRows(req.instances, names) : decodeColumns(req.inputs, names);
  return { format: hasInstances ? 'row' : 'columnar', signatureName, inputs };
}

function decodeRows(instances: unknown, names: string[]): TensorMap {
  if (!Array.isArray(instances)) throw invalidArgument('"instances" must be a JSON array');
  if (instances.length === 0) throw invalidArgument('"instances" is empty: at least one instance is required');
  const named = instances[0] !== null && typeof instances[0] === 'object' && !Array.isArray(instances[0]);
  if (!named) {
    if (names.length !== 1) {
      throw invalidArgument(`the model has ${names.length} inputs (${names.join(', ')}); each instance must be an object naming them`);
    }
    return { [names[0]]: toTensor(instances, names[0]) };
  }
  const out: TensorMap = {};
  for (const name of names) {
    const column = instances.map((inst, i) => {
      if (inst === null || typeof inst !== 'object' || Array.isArray(inst)) {
        throw invalidArgument(`instance ${i} is not an object; all instances must have the same form`);
      }
      const value = (inst as Record<string, unknown>)[name];
      if (value === undefined) throw invalidArgument(`instance ${i} is missing input "${name}"`);
      return value;
    });
    out[name] = toTensor(column, name);
  }
  for (const key of Object.keys(instances[0] as object)) {
    if (!names.includes(key)) throw invalidArgument(`input "${key}" is not in the signature; expected: ${names.join(', ')}`);
  }
  return out;
}

function decodeColumns(inputs: unknown, names: string[]): TensorMap {
  if (Array.isArray(inputs)) {
    if (names.length !== 1) {
      throw invalidArgument(`the model has ${names.length} inputs (${names.join(', ')}); "inputs" must be an object naming them`);
    }
    return { [names[0]]: toTensor(inputs, names[0]) };
  }
  if (inputs === null || typeof inputs !== 'object') throw invalidArgument('"inputs" must be a tensor or an object of named tensors');
  const out: TensorMap = {};
  for (const [name, value] of Object.entries(inputs as Record<string, unknown>)) {
    if (!Array.isArray(value)) throw invalidArgument(`input "${name}" must be a JSON array (a tensor with a batch dimension)`);
    out[name] = toTensor(value, name);
  }
  return out;
}

/** Flattens a nested JSON array into float32, checking it is rectangular and all finite numbers. */
export function toTensor(nested: unknown[], name: string): Tensor {
  const shape: number[] = [];
  for (let level: unknown = nested; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const data = new Float32Array(shapeSize(shape));
  let offset = 0;
  const last = shape.length - 1;
  const walk = (value: unknown[], depth: number): void => {
    if (value.length !== shape[depth]) {
      throw invalidArgument(`input "${name}" is ragged: expected ${shape[depth]} elements at depth ${depth}, found ${value.length}`);
    }
    if (depth === last) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (typeof v !== 'number') {
          if (Array.isArray(v)) throw invalidArgument(`input "${name}" is ragged or has the wrong rank: found an array at depth ${depth + 1}`);
          throw invalidArgument(`input "${name}" holds a non-number (${JSON.stringify(v)?.slice(0, 40)}); expected numbers`);
        }
        if (!Number.isFinite(v)) throw invalidArgument(`input "${name}" holds a non-finite number (NaN or Infinity)`);
        data[offset++] = v;
      }
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const child = value[i];
      if (!Array.isArray(child)) {
        throw invalidArgument(`input "${name}" is ragged or has the wrong rank: expected an array at depth ${depth + 1}`);
      }
      walk(child, depth + 1);
    }
  };
  walk(nested, 0);
  return { data, shape };
}
