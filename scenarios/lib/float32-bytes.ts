/** Little-endian float32 bytes (an ArrayBuffer, or base64 as k6 carries protobuf bytes) as numbers. */
import encoding from 'k6/encoding';

export function float32LE(buffer: ArrayBuffer, offset = 0, byteLength = buffer.byteLength - offset): Float32Array {
  const view = new DataView(buffer, offset, byteLength);
  const out = new Float32Array(Math.floor(byteLength / 4));
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export const float32FromBase64 = (b64: string): Float32Array => float32LE(encoding.b64decode(b64, 'std'));
