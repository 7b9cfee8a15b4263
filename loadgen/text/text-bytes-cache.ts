/**
 * Bytes made from a large string, remembered: load scripts send the same body or the same
 * base64 tensor on every iteration, and encoding it again each time was a top item of the
 * engine's CPU profile. Strings are immutable, so the same text always gives the same bytes;
 * callers must treat the bytes as read-only. A string seen before is one hash lookup (V8 keeps
 * a string's hash; a copy of the same content costs one comparison).
 *
 * At most `maxEntries` texts of `minLength`..`maxLength` UTF-16 units, least recently used first
 * out; shorter texts are cheap to encode each time, longer ones are not worth pinning.
 */
export class TextBytesCache {
  private readonly map = new Map<string, Uint8Array>();

  constructor(
    readonly minLength = 1024,
    readonly maxLength = 8 << 20,
    private readonly maxEntries = 16,
  ) {}

  /** Whether `text` is the size this cache keeps. */
  keeps(text: string): boolean {
    return text.length >= this.minLength && text.length <= this.maxLength;
  }

  /** The bytes of `text`: remembered ones, else `encode(text)`, remembered when `keeps(text)`. */
  bytes(text: string, encode: (t: string) => Uint8Array): Uint8Array {
    if (!this.keeps(text)) return encode(text);
    const hit = this.map.get(text);
    if (hit) {
      this.map.delete(text);
      this.map.set(text, hit);
      return hit;
    }
    const out = encode(text);
    this.map.set(text, out);
    if (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as string);
    return out;
  }
}
