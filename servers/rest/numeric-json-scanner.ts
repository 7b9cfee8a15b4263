/**
 * A single-pass scanner for the one shape of TF Serving REST body that carries almost all
 * traffic: a JSON object whose tensor is a rectangular nested array of numbers,
 *   {"instances": [[[[r, g, b], ...]]]}   or   {"inputs": [...]}   (+ optional "signature_name").
 * It reads the UTF-8 bytes straight into a Float32Array, with no JSON.parse and no JS arrays.
 *
 * It never reports an error: anything it does not fully understand (escapes, unknown or repeated
 * keys, named inputs, empty or ragged arrays, mixed ranks, non-finite numbers, invalid JSON) makes
 * it return undefined, and the caller decodes the body the general way (JSON.parse), which gives
 * the error message. For every body it accepts, the result equals the general decoder's
 * (property-tested in test/unit/numeric-json-scanner.test.ts).
 */

export interface ScannedBody {
  /** Which key held the tensor. */
  key: 'instances' | 'inputs';
  signatureName?: string;
  data: Float32Array;
  shape: number[];
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Integers of up to 15 digits are exact in a double when accumulated digit by digit. */
const MAX_EXACT_DIGITS = 15;


class Fallback extends Error {}
const FALLBACK = new Fallback();

export function scanNumericBody(bytes: Uint8Array): ScannedBody | undefined {
  try {
    return scanBody(bytes);
  } catch (err) {
    if (err === FALLBACK) return undefined;
    throw err;
  }
}

// The scanner is plain functions over (bytes, position) with locals in the hot loop: V8 keeps
// it all in registers, which a class with fields did not (it ran no faster than JSON.parse).

function skipSpace(bytes: Uint8Array, pos: number): number {
  while (isSpace(bytes[pos])) pos++;
  return pos;
}

function scanBody(bytes: Uint8Array): ScannedBody {
  let pos = skipSpace(bytes, 0);
  if (bytes[pos++] !== 0x7b) throw FALLBACK;
  let key: ScannedBody['key'] | undefined;
  let signatureName: string | undefined;
  let tensor: ScannedTensor | undefined;
  let sawSignature = false;
  for (;;) {
    pos = skipSpace(bytes, pos);
    const name = plainString(bytes, pos);
    pos = skipSpace(bytes, name.end);
    if (bytes[pos++] !== 0x3a) throw FALLBACK;
    pos = skipSpace(bytes, pos);
    if (name.text === 'signature_name' && !sawSignature) {
      sawSignature = true;
      const value = plainString(bytes, pos);
      signatureName = value.text;
      pos = value.end;
    } else if ((name.text === 'instances' || name.text === 'inputs') && key === undefined) {
      key = name.text;
      tensor = scanTensor(bytes, pos);
      pos = tensor.end;
    } else {
      throw FALLBACK; // unknown or repeated key, or both "instances" and "inputs"
    }
    pos = skipSpace(bytes, pos);
    const c = bytes[pos++];
    if (c === 0x7d) break;
    if (c !== 0x2c) throw FALLBACK;
  }
  pos = skipSpace(bytes, pos);
  if (pos !== bytes.length || !key || !tensor) throw FALLBACK;
  return { key, ...(signatureName !== undefined ? { signatureName } : {}), data: tensor.data, shape: tensor.shape };
}

interface ScannedTensor {
  data: Float32Array;
  shape: number[];
  end: number;
}

/** A nested array of numbers, rectangular, with every number at the same depth. */
function scanTensor(bytes: Uint8Array, pos: number): ScannedTensor {
  if (bytes[pos] !== 0x5b) throw FALLBACK; // e.g. {"inputs": {"name": ...}}
  // Every number takes at least two bytes with its separator.
  const values = new Float32Array(Math.max(16, (bytes.length - pos) >> 1));
  let count = 0;
  const shape: number[] = [];
  const counts: number[] = [];
  let leafDepth = -1;
  let depth = -1;
  for (;;) {
    // At the start of a value.
    let c = bytes[pos];
    while (isSpace(c)) c = bytes[++pos];
    if (c === 0x5b) {
      pos++;
      depth++;
      counts[depth] = 0;
      if (leafDepth !== -1 && depth > leafDepth) throw FALLBACK;
      continue;
    }
    if (depth === -1) throw FALLBACK;
    if (leafDepth === -1) leafDepth = depth;
    else if (depth !== leafDepth) throw FALLBACK; // a number beside arrays: wrong rank, ragged

    // One JSON number, strictly by the grammar; integers are accumulated while scanned.
    const start = pos;
    const negative = c === 0x2d;
    if (negative) c = bytes[++pos];
    const digitsStart = pos;
    let value = 0;
    if (c === 0x30) c = bytes[++pos];
    else if (isDigit(c)) {
      do {
        value = value * 10 + (c - 0x30);
        c = bytes[++pos];
      } while (isDigit(c));
    } else throw FALLBACK;
    let integer = pos - digitsStart <= MAX_EXACT_DIGITS;
    if (c === 0x2e) {
      integer = false;
      c = bytes[++pos];
      if (!isDigit(c)) throw FALLBACK;
      while (isDigit(c)) c = bytes[++pos];
    }
    if (c === 0x65 || c === 0x45) {
      integer = false;
      c = bytes[++pos];
      if (c === 0x2b || c === 0x2d) c = bytes[++pos];
      if (!isDigit(c)) throw FALLBACK;
      while (isDigit(c)) c = bytes[++pos];
    }
    if (!integer) {
      value = Number(latin1(bytes, start, pos)); // exactly as JSON.parse rounds it
      if (!Number.isFinite(value)) throw FALLBACK; // e.g. 1e999: the general decoder rejects it
    } else if (negative) value = -value;
    values[count++] = value;

    // After a value: close arrays, or a comma before the next value.
    for (;;) {
      counts[depth]++;
      while (isSpace(c)) c = bytes[++pos];
      pos++;
      if (c === 0x2c) break;
      if (c !== 0x5d) throw FALLBACK;
      const length = counts[depth];
      if (shape[depth] === undefined) shape[depth] = length;
      else if (shape[depth] !== length) throw FALLBACK; // ragged
      depth--;
      if (depth === -1) return { data: values.slice(0, count), shape, end: pos };
      c = bytes[pos];
    }
  }
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/** A JSON string of printable ASCII without escapes, starting at its opening quote. */
function plainString(bytes: Uint8Array, pos: number): { text: string; end: number } {
  if (bytes[pos++] !== 0x22) throw FALLBACK;
  const start = pos;
  for (;;) {
    const c = bytes[pos++];
    if (c === 0x22) break;
    if (c === undefined || c === 0x5c || c < 0x20 || c >= 0x7f) throw FALLBACK;
  }
  return { text: latin1(bytes, start, pos - 1), end: pos };
}
