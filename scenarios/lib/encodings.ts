/**
 * The wire encodings each scenario API and protocol can send (`ENCODING=`), first the default:
 * TF Serving REST row JSON, TF Serving gRPC `tensor_content`; the Open Inference Protocol's REST
 * `json` or `binary` (binary tensor data extension, raw outputs asked back), and its gRPC typed
 * `contents` (fp32_contents) or `raw` (raw_input_contents / raw_output_contents).
 */
export type Api = 'tfserving' | 'oip';

export const ENCODINGS = {
  'tfserving-rest': ['json'],
  'tfserving-grpc': ['tensor_content'],
  'oip-rest': ['json', 'binary'],
  'oip-grpc': ['contents', 'raw'],
} as const;

export type Encoding = (typeof ENCODINGS)[keyof typeof ENCODINGS][number];

/** Encodings whose prepared body is the batch's float32 little-endian bytes, base64. */
export const RAW_FLOAT32: readonly Encoding[] = ['tensor_content', 'binary', 'raw'];
