/** Resolving a request's model spec (name, version, label, signature, output filter) as TF Serving does. */
import type { ModelSignature } from '../engines/engine.ts';
import type { ModelRef } from './model-backend.ts';
import { invalidArgument, notFound } from './serving-error.ts';

const SERVING_DEFAULT = 'serving_default';

export function checkModelRef(
  model: ModelRef,
  served: { name: string; version: string },
  { checkSignature }: { checkSignature: boolean },
): void {
  if (model.name !== served.name) {
    throw notFound(`Servable not found for request: ${describe(model)} (this server serves "${served.name}")`);
  }
  if (model.version !== undefined && model.version !== served.version) {
    throw notFound(`Servable not found for request: ${describe(model)} (served version: ${served.version})`);
  }
  if (model.versionLabel !== undefined && model.versionLabel !== '') {
    throw notFound(`Unrecognized servable version label: ${model.versionLabel}`);
  }
  const sig = model.signatureName;
  if (checkSignature && sig !== undefined && sig !== '' && sig !== SERVING_DEFAULT) {
    throw invalidArgument(`Serving signature name: "${sig}" not found in signature def (available: ${SERVING_DEFAULT})`);
  }
}

function describe(model: ModelRef): string {
  return model.version !== undefined ? `Specific(${model.name}, ${model.version})` : `Latest(${model.name})`;
}

/** Output names to return: all (in signature order) or the filter, each of which must exist. */
export function selectOutputs(filter: string[] | undefined, signature: ModelSignature): string[] {
  const all = signature.outputs.map((o) => o.name);
  if (!filter || filter.length === 0) return all;
  for (const name of filter) {
    if (!all.includes(name)) {
      throw invalidArgument(`output_filter names "${name}", which is not an output; outputs: ${all.join(', ')}`);
    }
  }
  return [...new Set(filter)];
}
