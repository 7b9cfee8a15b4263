/**
 * ModelMetadata <-> GetModelMetadataResponse: the signature travels as a SignatureDefMap packed
 * in `metadata["signature_def"]` (google.protobuf.Any), exactly as TF Serving sends it.
 */
import type { ModelSignature, TensorSpec } from '../engines/engine.ts';
import type { ModelMetadata } from '../core/model-backend.ts';
import { ServingError } from '../core/serving-error.ts';
import { loadServingProtos, SIGNATURE_DEF_MAP_TYPE_URL } from './serving-protos.ts';
import { TF_DTYPE } from '../core/dtypes.ts';
import { toDType, type TensorShapeObject } from './tensor-codec.ts';
import { toModelRef, toModelSpec, type ModelSpecObject } from './model-spec-codec.ts';

export const SIGNATURE_DEF_FIELD = 'signature_def';
export const PREDICT_METHOD_NAME = 'tensorflow/serving/predict';

interface TensorInfoObject {
  name?: string;
  dtype?: string;
  tensor_shape?: TensorShapeObject;
}
interface SignatureDefObject {
  inputs?: Record<string, TensorInfoObject>;
  outputs?: Record<string, TensorInfoObject>;
  method_name?: string;
}
export interface GetModelMetadataResponseObject {
  model_spec?: ModelSpecObject;
  metadata?: Record<string, { type_url?: string; value?: Buffer }>;
}

function toTensorInfos(specs: TensorSpec[]): Record<string, TensorInfoObject> {
  const infos: Record<string, TensorInfoObject> = {};
  for (const spec of specs) {
    infos[spec.name] = { name: spec.name, dtype: TF_DTYPE[spec.dtype], tensor_shape: { dim: spec.shape.map((size) => ({ size })) } };
  }
  return infos;
}

function toTensorSpecs(infos: Record<string, TensorInfoObject> | undefined): TensorSpec[] {
  return Object.entries(infos ?? {}).map(([name, info]) => ({
    name,
    dtype: toDType(info.dtype) ?? 'float32',
    shape: (info.tensor_shape?.dim ?? []).map((dim) => Number(dim.size ?? 0)),
  }));
}

export function encodeModelMetadata(metadata: ModelMetadata): GetModelMetadataResponseObject {
  const { signatureDefMap } = loadServingProtos();
  const signatureDef: SignatureDefObject = {
    inputs: toTensorInfos(metadata.signature.inputs),
    outputs: toTensorInfos(metadata.signature.outputs),
    method_name: PREDICT_METHOD_NAME,
  };
  const value = signatureDefMap.encode(signatureDefMap.fromObject({ signature_def: { [metadata.signatureName]: signatureDef } })).finish();
  return {
    model_spec: toModelSpec({ name: metadata.name, version: metadata.version }),
    metadata: { [SIGNATURE_DEF_FIELD]: { type_url: SIGNATURE_DEF_MAP_TYPE_URL, value: Buffer.from(value.buffer, value.byteOffset, value.byteLength) } },
  };
}

/** Reads the signature named `signatureName` (default serving_default) from a metadata response. */
export function decodeModelMetadata(response: GetModelMetadataResponseObject, signatureName?: string): ModelMetadata {
  const any = response.metadata?.[SIGNATURE_DEF_FIELD];
  if (!any?.value || any.type_url !== SIGNATURE_DEF_MAP_TYPE_URL) {
    throw new ServingError('INTERNAL', `upstream metadata has no ${SIGNATURE_DEF_FIELD} of type ${SIGNATURE_DEF_MAP_TYPE_URL}`);
  }
  const { signatureDefMap } = loadServingProtos();
  const decoded = signatureDefMap.toObject(signatureDefMap.decode(any.value), { longs: String, enums: String }) as {
    signature_def?: Record<string, SignatureDefObject>;
  };
  const defs = decoded.signature_def ?? {};
  const name = signatureName || ('serving_default' in defs ? 'serving_default' : Object.keys(defs)[0]);
  const def = defs[name];
  if (!def) throw new ServingError('NOT_FOUND', `signature "${name}" not found in upstream metadata`);
  const ref = toModelRef(response.model_spec);
  const signature: ModelSignature = { inputs: toTensorSpecs(def.inputs), outputs: toTensorSpecs(def.outputs) };
  return { name: ref.name, version: ref.version ?? '', signatureName: name, signature };
}
