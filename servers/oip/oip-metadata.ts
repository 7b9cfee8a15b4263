/**
 * Server and model metadata as the Open Inference Protocol shapes them, the same objects for REST
 * (JSON) and gRPC (ServerMetadataResponse, ModelMetadataResponse).
 */
import { readFileSync } from 'node:fs';
import type { ModelMetadata } from '../core/model-backend.ts';
import type { TensorSpec } from '../engines/engine.ts';
import { OIP_DATATYPE } from './oip-datatypes.ts';

export const SERVER_NAME = 'servebench';
/** The protocol extensions servebench serves (the REST binary tensor data extension). */
export const EXTENSIONS = ['binary_tensor_data'];
/** What `platform` says of every model: the model runs behind servebench's model service. */
export const PLATFORM = 'servebench';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const serverMetadata = () => ({ name: SERVER_NAME, version: VERSION, extensions: EXTENSIONS });

const tensorMetadata = (spec: TensorSpec) => ({ name: spec.name, datatype: OIP_DATATYPE[spec.dtype], shape: spec.shape });

export function modelMetadata(meta: ModelMetadata) {
  return {
    name: meta.name,
    versions: meta.version ? [meta.version] : [],
    platform: PLATFORM,
    inputs: meta.signature.inputs.map(tensorMetadata),
    outputs: meta.signature.outputs.map(tensorMetadata),
  };
}
