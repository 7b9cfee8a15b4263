/** `k6/encoding`: b64encode / b64decode with k6's four alphabets (std, rawstd, url, rawurl). */
type Alphabet = 'std' | 'rawstd' | 'url' | 'rawurl';

function bytesOf(input: unknown): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  if (ArrayBuffer.isView(input)) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (input && typeof (input as ArrayBuffer).byteLength === 'number') return Buffer.from(input as ArrayBuffer);
  throw new Error('b64encode: input must be a string or an ArrayBuffer');
}

export function b64encode(input: unknown, encoding: Alphabet = 'std'): string {
  const bytes = bytesOf(input);
  switch (encoding) {
    case 'std':
      return bytes.toString('base64');
    case 'rawstd':
      return bytes.toString('base64').replace(/=+$/, '');
    case 'url':
      return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    case 'rawurl':
      return bytes.toString('base64url');
    default:
      throw new Error(`b64encode: unknown encoding ${JSON.stringify(encoding)} (std, rawstd, url, rawurl)`);
  }
}

export function b64decode(input: string, encoding: Alphabet = 'std', format?: 's'): ArrayBuffer | string {
  if (!['std', 'rawstd', 'url', 'rawurl'].includes(encoding)) throw new Error(`b64decode: unknown encoding ${JSON.stringify(encoding)}`);
  const bytes = Buffer.from(String(input), encoding === 'url' || encoding === 'rawurl' ? 'base64url' : 'base64');
  if (format === 's') return bytes.toString('utf8');
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  return out;
}

export const encodingModule = { b64encode, b64decode };
