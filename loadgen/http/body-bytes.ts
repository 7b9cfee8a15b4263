/**
 * Request bodies as bytes, with the encoding of large text bodies remembered (TextBytesCache):
 * a script sends the same body string again and again (`const body = open(...)`), and encoding
 * 13 KB of JSON to UTF-8 (and measuring it with Buffer.byteLength) on every request was the top
 * item of the engine's own CPU profile. Small bodies stay strings (cheap, and sent with the head
 * in one write).
 */
import { TextBytesCache } from '../text/text-bytes-cache.ts';

const utf8 = new TextBytesCache();
const shared = new TextBytesCache();

export function bodyBytes(body: string | Uint8Array | undefined): string | Uint8Array | undefined {
  if (body === undefined || typeof body !== 'string' || body.length < utf8.minLength) return body;
  return utf8.bytes(body, (text) => Buffer.from(text, 'utf8'));
}

/**
 * For the blocking bridge: a large text body as bytes in shared memory, so handing it to the I/O
 * thread copies nothing (a string would be copied on every request, then looked up again there).
 */
export function bridgedBody(body: string | Uint8Array | undefined): string | Uint8Array | undefined {
  if (body === undefined || typeof body !== 'string' || !shared.keeps(body)) return body;
  return shared.bytes(body, (text) => {
    const bytes = new Uint8Array(new SharedArrayBuffer(Buffer.byteLength(text, 'utf8')));
    Buffer.from(bytes.buffer, 0, bytes.byteLength).write(text, 'utf8');
    return bytes;
  });
}
