/**
 * Request bodies as bytes, with the encoding of large text bodies remembered. Load scripts send
 * the same body string again and again (`const body = open(...)`); encoding 13 KB of JSON to
 * UTF-8 (and measuring it with Buffer.byteLength) on every request was the top item of the
 * engine's own CPU profile. A string seen before (the same content, whatever object holds it:
 * the blocking bridge delivers a fresh copy each time) is looked up, not encoded again.
 *
 * The cache holds at most MAX_ENTRIES bodies of MIN_CACHED..MAX_CACHED UTF-16 units, least
 * recently used first out; smaller bodies stay strings (cheap, and sent with the head in one
 * write), larger ones are encoded each time rather than pinned.
 */
const MIN_CACHED = 1024;
const MAX_CACHED = 8 << 20;
const MAX_ENTRIES = 16;

const cache = new Map<string, Uint8Array>();
const shared = new Map<string, Uint8Array>();

/** Small text bodies stay text (sent with the head in one write); large ones become cached bytes. */
export function bodyBytes(body: string | Uint8Array | undefined): string | Uint8Array | undefined {
  if (body === undefined || typeof body !== 'string' || body.length < MIN_CACHED) return body;
  if (body.length > MAX_CACHED) return Buffer.from(body, 'utf8');
  return remembered(cache, body, (text) => Buffer.from(text, 'utf8'));
}

/**
 * For the blocking bridge: a large text body as bytes in shared memory, so handing it to the I/O
 * thread copies nothing (a string would be copied on every request, then looked up again there).
 * The VU thread passes the same string object each time, so the lookup is one hash read.
 */
export function bridgedBody(body: string | Uint8Array | undefined): string | Uint8Array | undefined {
  if (body === undefined || typeof body !== 'string' || body.length < MIN_CACHED || body.length > MAX_CACHED) return body;
  return remembered(shared, body, (text) => {
    const bytes = new Uint8Array(new SharedArrayBuffer(Buffer.byteLength(text, 'utf8')));
    Buffer.from(bytes.buffer, 0, bytes.byteLength).write(text, 'utf8');
    return bytes;
  });
}

function remembered(map: Map<string, Uint8Array>, text: string, encode: (t: string) => Uint8Array): Uint8Array {
  const hit = map.get(text);
  if (hit) {
    map.delete(text);
    map.set(text, hit);
    return hit;
  }
  const bytes = encode(text);
  map.set(text, bytes);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
  return bytes;
}
