/** Status and metadata bodies shaped like TF Serving's REST answers. */
import type { TensorSpec } from '../engines/engine.ts';
import { TF_DTYPE } from '../core/dtypes.ts';
import type { ModelMetadata, ModelVersionStatus } from '../core/model-backend.ts';

export function statusBody(versions: ModelVersionStatus[]): object {
  return {
    model_version_status: versions.map((v) => ({
      version: v.version,
      state: v.state,
      status: { error_code: v.errorCode, error_message: v.errorMessage },
    })),
  };
}

export function metadataBody(meta: ModelMetadata): object {
  const tensorInfo = (prefix: string) => (spec: TensorSpec) => [
    spec.name,
    {
      dtype: TF_DTYPE[spec.dtype],
      tensor_shape: { dim: spec.shape.map((size) => ({ size: String(size), name: '' })), unknown_rank: false },
      name: `${prefix}_${spec.name}:0`,
    },
  ];
  return {
    model_spec: { name: meta.name, signature_name: '', version: meta.version },
    metadata: {
      signature_def: {
        signature_def: {
          [meta.signatureName]: {
            inputs: Object.fromEntries(meta.signature.inputs.map(tensorInfo(meta.signatureName))),
            outputs: Object.fromEntries(meta.signature.outputs.map(tensorInfo('StatefulPartitionedCall'))),
            method_name: 'tensorflow/serving/predict',
            defaults: {},
          },
        },
      },
    },
  };
}
