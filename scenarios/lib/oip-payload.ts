/**
 * Prepared bodies for the Open Inference Protocol scenarios: REST `json` is the whole infer body;
 * gRPC `contents` is the JSON text of the flat FP32 values (the client puts them in fp32_contents);
 * the raw encodings (`binary`, `raw`) share the batch's float32 bytes in base64 with TF Serving's
 * tensor_content (payload.ts), and their JSON header is built once by the client.
 */
import type { Config } from './config.ts';

export const INPUT_NAME = 'images';
export const OUTPUT_NAME = 'probabilities';

/** The batch's NHWC shape. */
export const inputShape = (config: Config) => [config.batch, ...config.inputShape];

/** Bytes of the batch as raw FP32. */
export const inputBytes = (config: Config) => inputShape(config).reduce((a, b) => a * b, 4);

/** `pixels` as written (float64: whole or two-decimal values print as they are). */
export function oipJsonBody(config: Config, pixels: Float64Array): string {
  return `{"inputs":[{"name":"${INPUT_NAME}","datatype":"FP32","shape":${JSON.stringify(inputShape(config))},"data":[${pixels.join(',')}]}]}`;
}

export const oipContentsBody = (pixels: Float64Array): string => `[${pixels.join(',')}]`;
