/** ModelSpec <-> ModelRef, and the ModelSpec a response echoes back. */
import type { ModelRef } from '../core/model-backend.ts';
import { invalidArgument } from '../core/serving-error.ts';

export interface ModelSpecObject {
  name?: string;
  version?: { value?: string | number };
  version_label?: string;
  signature_name?: string;
}

/** Reads the request's ModelSpec; a missing spec or name is INVALID_ARGUMENT, as in TF Serving. */
export function toModelRef(spec: ModelSpecObject | undefined | null): ModelRef {
  if (!spec) throw invalidArgument('Missing ModelSpec');
  if (!spec.name) throw invalidArgument('Missing ModelSpec name');
  const ref: ModelRef = { name: spec.name };
  if (spec.version) ref.version = String(spec.version.value ?? 0);
  if (spec.version_label) ref.versionLabel = spec.version_label;
  if (spec.signature_name) ref.signatureName = spec.signature_name;
  return ref;
}

export function toModelSpec(model: { name: string; version?: string; versionLabel?: string; signatureName?: string }): ModelSpecObject {
  const spec: ModelSpecObject = { name: model.name };
  if (model.version !== undefined) spec.version = { value: model.version };
  else if (model.versionLabel) spec.version_label = model.versionLabel;
  if (model.signatureName) spec.signature_name = model.signatureName;
  return spec;
}
