/**
 * What the payload sweep measures, as data: the wire formats (protocol, API, encoding, and the
 * kind of target that serves them), the models (shape and pixels from the model registry) and the
 * client batch sizes. Every cell of the table is one (model, wire format, batch size).
 */
import { CIFAR10 } from '../../servers/model/architecture.ts';
import { LARGE_INPUT_MODEL } from '../../servers/model/large-input-model.ts';
import type { ImageShape, PixelKind } from '../../servers/data/image-shape.ts';

export type ServedBy = 'rest' | 'grpc';

export interface WireFormat {
  /** As the table shows it. */
  label: string;
  /** The scenario entry (scenarios/<entry>.ts) that speaks it to any server by address. */
  entry: 'tfserving-rest' | 'tfserving-grpc' | 'oip-rest' | 'oip-grpc';
  encoding: string;
  servedBy: ServedBy;
  /** The TF Serving API format this OIP format is compared with (same target, same throughput expected). */
  sameAs?: string;
}

export const WIRE_FORMATS: readonly WireFormat[] = [
  { label: 'REST JSON (TF Serving)', entry: 'tfserving-rest', encoding: 'json', servedBy: 'rest' },
  { label: 'gRPC tensor_content', entry: 'tfserving-grpc', encoding: 'tensor_content', servedBy: 'grpc' },
  { label: 'OIP REST JSON', entry: 'oip-rest', encoding: 'json', servedBy: 'rest', sameAs: 'REST JSON (TF Serving)' },
  { label: 'OIP REST binary', entry: 'oip-rest', encoding: 'binary', servedBy: 'rest' },
  { label: 'OIP gRPC raw', entry: 'oip-grpc', encoding: 'raw', servedBy: 'grpc', sameAs: 'gRPC tensor_content' },
];

/** The REST format gRPC is measured against, and the formats that are "gRPC" in the crossover. */
export const REST_BASELINE = 'REST JSON (TF Serving)';
export const GRPC_FORMATS = ['gRPC tensor_content', 'OIP gRPC raw'];

export interface SweepModel {
  /** Served under this name (the model directory's). */
  name: string;
  shape: ImageShape;
  pixels: PixelKind;
  /** How answers are judged: CIFAR's images have expected classes; payload224's float images shape and softmax only. */
  expect: 'class' | 'shape';
}

export const SWEEP_MODELS: readonly SweepModel[] = [
  { name: CIFAR10.name, shape: CIFAR10.inputShape, pixels: 'int', expect: 'class' },
  { name: LARGE_INPUT_MODEL.name, shape: LARGE_INPUT_MODEL.inputShape, pixels: 'float', expect: 'shape' },
];

export const SWEEP_BATCHES = [1, 4, 16, 64];

export function sweepModelNamed(name: string): SweepModel {
  const model = SWEEP_MODELS.find((m) => m.name === name);
  if (!model) throw new Error(`no sweep model ${name} (known: ${SWEEP_MODELS.map((m) => m.name).join(', ')})`);
  return model;
}

export function wireFormatNamed(label: string): WireFormat {
  const format = WIRE_FORMATS.find((f) => f.label === label);
  if (!format) throw new Error(`no wire format ${label}`);
  return format;
}
