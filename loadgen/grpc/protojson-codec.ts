/**
 * k6's message mapping (the protobuf JSON mapping, as Go's protojson does it) on protobufjs types.
 *
 * encodeMessage — the script's request object → wire bytes, written straight into a protobufjs
 * Writer in field-number order: fields by proto name or json name (lowerCamelCase; both → error),
 * integers as numbers or strings (64-bit ones exactly, via BigInt), floats also "NaN"/"Infinity"/
 * "-Infinity", bytes as base64 (std or URL-safe, padding optional: one native decode, one copy
 * into the output; a Uint8Array/ArrayBuffer is also taken), enums by name or number, null =
 * unset, Date → RFC 3339; well-known types in their JSON
 * forms: wrappers as the bare value, Timestamp "1972-01-01T10:00:20.021Z", Duration "1.5s",
 * Struct/Value/ListValue as plain JSON, FieldMask "a.b,cD", Any {"@type": url, ...}. Unknown
 * fields, wrong JSON types and out-of-range numbers throw like protojson.Unmarshal.
 *
 * decodeMessage — wire bytes → `response.message` as k6 gives it (protojson.Marshal with
 * EmitUnpopulated, json names): every field present — defaults for unset scalars, null for unset
 * message fields (and proto2 scalars), [] / {} for empty repeated / map — except unset oneof
 * members (proto3 `optional` included); 64-bit integers as decimal strings, bytes as base64,
 * enums by name (number if unknown), non-finite floats as strings, float32 in shortest form.
 */
import protobuf from 'protobufjs';
import { TextBytesCache } from '../text/text-bytes-cache.ts';

type Obj = Record<string, unknown>;

/** A mapping error; `path` (field names, [index], ["key"]) is filled in on the way out. */
export class CodecError extends Error {
  readonly path: string[] = [];
  static at(err: unknown, segment: string): unknown {
    if (err instanceof CodecError) err.path.unshift(segment);
    return err;
  }
  describe(): string {
    const where = this.path.join('.').replace(/\.\[/g, '[');
    return `proto: ${this.message}${where ? ` (at ${where})` : ''}`;
  }
}

function fail(message: string): never {
  throw new CodecError(message);
}

const show = (v: unknown): string => (typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? String(v)).slice(0, 60));
const toStr = Object.prototype.toString;
const has = Object.prototype.hasOwnProperty;

interface FieldInfo {
  name: string;
  json: string;
  id: number;
  type: string;
  msg: protobuf.Type | null;
  enm: protobuf.Enum | null;
  repeated: boolean;
  packed: boolean;
  map: boolean;
  oneof: boolean;
  presence: boolean;
  /** Wire type of one element (of the value, for maps). */
  wire: number;
  /** Map fields: entry key (id 1) and value (id 2) as fields of their own. */
  key?: FieldInfo;
  value?: FieldInfo;
}

type Wkt = 'wrapper' | 'Timestamp' | 'Duration' | 'Struct' | 'Value' | 'ListValue' | 'FieldMask' | 'Any';

interface TypeInfo {
  /** Declaration order (protojson's output order). */
  fields: FieldInfo[];
  byNumber: FieldInfo[];
  byKey: Map<string, FieldInfo>;
  wkt: Wkt | null;
}

const WIRE: Record<string, number> = {
  double: 1, float: 5, int32: 0, uint32: 0, sint32: 0, fixed32: 5, sfixed32: 5, int64: 0, uint64: 0,
  sint64: 0, fixed64: 1, sfixed64: 1, bool: 0, string: 2, bytes: 2,
};
const LONG = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const UNSIGNED = new Set(['uint64', 'fixed64', 'uint32', 'fixed32']);
const WRAPPERS = new Set(['DoubleValue', 'FloatValue', 'Int64Value', 'UInt64Value', 'Int32Value', 'UInt32Value', 'BoolValue', 'StringValue', 'BytesValue']);
const SPECIAL = new Set<string>(['Timestamp', 'Duration', 'Struct', 'Value', 'ListValue', 'FieldMask', 'Any']);
const VALUE = '.google.protobuf.Value';
const NULL_VALUE = '.google.protobuf.NullValue';

/** protoc's json_name rule: drop each '_' and upper-case the letter after it. */
export function jsonName(name: string): string {
  return name.replace(/_+([^_])?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));
}

function wktOf(type: protobuf.Type): Wkt | null {
  if (!type.fullName.startsWith('.google.protobuf.')) return null;
  const short = type.fullName.slice(17);
  return WRAPPERS.has(short) ? 'wrapper' : SPECIAL.has(short) ? (short as Wkt) : null;
}

const infos = new WeakMap<protobuf.Type, TypeInfo>();

function typeInfo(type: protobuf.Type): TypeInfo {
  let info = infos.get(type);
  if (info) return info;
  const fields: FieldInfo[] = [];
  const byKey = new Map<string, FieldInfo>();
  for (const f of type.fieldsArray) {
    f.resolve();
    const map = Boolean((f as unknown as protobuf.MapField).map);
    const msg = f.resolvedType instanceof protobuf.Type ? f.resolvedType : null;
    const enm = f.resolvedType instanceof protobuf.Enum ? f.resolvedType : null;
    if (!msg && !enm && WIRE[f.type] === undefined) throw new Error(`${type.fullName.slice(1)}.${f.name}: unsupported field type ${f.type}`);
    if (f.delimited) throw new Error(`${type.fullName.slice(1)}.${f.name}: proto2 groups are not supported`);
    const fi: FieldInfo = {
      name: f.name,
      json: (f.options?.json_name as string | undefined) ?? jsonName(f.name),
      id: f.id,
      type: f.type,
      msg,
      enm,
      repeated: f.repeated && !map,
      packed: f.repeated && !map && !msg && f.packed && f.type !== 'string' && f.type !== 'bytes',
      map,
      oneof: Boolean(f.partOf),
      presence: f.hasPresence,
      wire: msg ? 2 : enm ? 0 : WIRE[f.type],
    };
    if (map) {
      const keyType = (f as unknown as protobuf.MapField).keyType;
      fi.key = { ...fi, id: 1, type: keyType, msg: null, enm: null, map: false, wire: WIRE[keyType] };
      fi.value = { ...fi, id: 2, map: false };
    }
    fields.push(fi);
    byKey.set(fi.name, fi);
    if (fi.json !== fi.name) byKey.set(fi.json, fi);
  }
  info = { fields, byNumber: [...fields].sort((a, b) => a.id - b.id), byKey, wkt: wktOf(type) };
  infos.set(type, info);
  return info;
}

// ---------------------------------------------------------------- request → bytes

const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function integer(v: unknown, type: string): number | bigint {
  const long = LONG.has(type);
  let n: number | bigint;
  if (typeof v === 'number' || typeof v === 'bigint') n = v;
  else if (typeof v === 'string' && /^-?\d+$/.test(v)) n = long ? BigInt(v) : Number(v);
  else if (typeof v === 'string' && NUMBER_TEXT.test(v)) n = Number(v);
  else return fail(`invalid value for ${type} type: ${show(v)}`);
  if (typeof n === 'number') {
    if (!Number.isInteger(n)) fail(`invalid value for ${type} type: ${show(v)}`);
    if (!long || Number.isSafeInteger(n)) {
      const ok = UNSIGNED.has(type) ? n >= 0 && n <= (long ? Number.MAX_SAFE_INTEGER : 0xffffffff) : long || (n >= -0x80000000 && n <= 0x7fffffff);
      return ok ? n : fail(`invalid value for ${type} type: ${show(v)}`);
    }
    n = BigInt(n);
  }
  const bits = BigInt(long ? 64 : 32);
  const [lo, hi] = UNSIGNED.has(type) ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
  if (n < lo || n > hi) fail(`invalid value for ${type} type: ${show(v)}`);
  return long ? n : Number(n);
}

/** A 64-bit value as protobufjs' writer takes it: a safe number, or {low, high} bits. */
function longBits(n: number | bigint): number | { low: number; high: number } {
  if (typeof n === 'number') return n;
  const u = BigInt.asUintN(64, n);
  return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0 };
}

function floating(v: unknown, type: string): number {
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    if (NUMBER_TEXT.test(v)) return floating(Number(v), type);
  }
  if (typeof v !== 'number') return fail(`invalid value for ${type} type: ${show(v)}`);
  if (type === 'float' && Number.isFinite(v) && Math.abs(v) > 3.4028234663852886e38) fail(`invalid value for float type: ${v}`);
  return v;
}

/** Large base64 fields (a tensor sent every iteration) are decoded once; the writer only reads them. */
const base64Bytes = new TextBytesCache();

function fromBase64(v: string): Uint8Array {
  const buf = Buffer.from(v, 'base64');
  const len = v.endsWith('==') ? v.length - 2 : v.endsWith('=') ? v.length - 1 : v.length;
  // Node skips characters outside the alphabet: a short result means the text was not base64.
  if (len % 4 === 1 || buf.length !== Math.floor((len * 3) / 4)) fail(`invalid value for bytes type: ${show(v)}`);
  return buf;
}

/** Base64 (std or URL-safe, padding optional) → bytes; typed arrays and ArrayBuffers as they are. */
function bytesOf(v: unknown): Uint8Array {
  if (typeof v === 'string') return base64Bytes.bytes(v, fromBase64);

  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (toStr.call(v) === '[object ArrayBuffer]') return new Uint8Array(v as ArrayBuffer);
  return fail(`invalid value for bytes type: ${show(v)}`);
}

type LongWrite = (x: number | { low: number; high: number }) => protobuf.Writer;

function writeScalar(w: protobuf.Writer, f: FieldInfo, v: unknown): void {
  if (f.enm) {
    if (v === null && f.enm.fullName === NULL_VALUE) w.int32(0);
    else if (typeof v !== 'string') w.int32(integer(v, 'int32') as number);
    else if (f.enm.values[v] === undefined) fail(`invalid value for enum type: ${show(v)}`);
    else w.int32(f.enm.values[v]);
    return;
  }
  switch (f.type) {
    case 'string':
      if (typeof v !== 'string') fail(`invalid value for string type: ${show(v)}`);
      w.string(v);
      return;
    case 'bytes':
      w.bytes(bytesOf(v));
      return;
    case 'bool':
      if (typeof v !== 'boolean') fail(`invalid value for bool type: ${show(v)}`);
      w.bool(v);
      return;
    case 'double':
    case 'float':
      w[f.type](floating(v, f.type));
      return;
    default: {
      const n = integer(v, f.type);
      if (typeof n === 'bigint' || LONG.has(f.type)) (w[f.type as 'int64'] as unknown as LongWrite)(longBits(n));
      else w[f.type as 'int32'](n);
    }
  }
}

function writeElement(w: protobuf.Writer, f: FieldInfo, v: unknown): void {
  if (f.msg) {
    w.uint32((f.id << 3) | 2).fork();
    writeMessage(w, f.msg, v);
    w.ldelim();
  } else {
    w.uint32((f.id << 3) | f.wire);
    writeScalar(w, f, v);
  }
}

function writeField(w: protobuf.Writer, f: FieldInfo, v: unknown): void {
  if (f.map) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`invalid value for map field: ${show(v)}`);
    const key = f.key as FieldInfo;
    for (const k of Object.keys(v as Obj)) {
      const x = (v as Obj)[k];
      try {
        w.uint32((f.id << 3) | 2).fork();
        if (key.type === 'bool' && k !== 'true' && k !== 'false') fail(`invalid value for bool map key: ${show(k)}`);
        writeElement(w, key, key.type === 'bool' ? k === 'true' : k);
        if (x !== undefined && (x !== null || f.msg?.fullName === VALUE)) writeElement(w, f.value as FieldInfo, x);
        w.ldelim();
      } catch (err) {
        throw CodecError.at(err, `[${show(k)}]`);
      }
    }
  } else if (f.repeated) {
    if (!Array.isArray(v)) fail(`invalid value for repeated field: ${show(v)}`);
    if (f.packed && v.length) w.uint32((f.id << 3) | 2).fork();
    for (let i = 0; i < v.length; i++) {
      try {
        if (f.packed) writeScalar(w, f, v[i]);
        else writeElement(w, f, v[i]);
      } catch (err) {
        throw CodecError.at(err, `[${i}]`);
      }
    }
    if (f.packed && v.length) w.ldelim();
  } else writeElement(w, f, v);
}

/** Writes the fields of `value` (a JSON-like object, or a well-known type's JSON form). */
function writeMessage(w: protobuf.Writer, type: protobuf.Type, value: unknown): void {
  const info = typeInfo(type);
  if (info.wkt) value = wktIn(info.wkt, type, value);
  if (value === null || typeof value !== 'object' || toStr.call(value) !== '[object Object]') fail(`invalid value for ${type.fullName.slice(1)}: ${show(value)}`);
  const obj = value as Obj;
  for (const key of Object.keys(obj)) {
    const f = info.byKey.get(key);
    if (!f) fail(`unknown field ${show(key)} in ${type.fullName.slice(1)}`);
    if (key === f.json && f.json !== f.name && has.call(obj, f.name)) fail(`duplicate field ${show(key)}`);
  }
  // Fields in number order, as proto.Marshal writes them.
  for (const f of info.byNumber) {
    const key = has.call(obj, f.name) ? f.name : f.json !== f.name && has.call(obj, f.json) ? f.json : null;
    if (key === null) continue;
    const v = obj[key];
    if (v === undefined || typeof v === 'function') continue;
    if (v === null && f.msg?.fullName !== VALUE && f.enm?.fullName !== NULL_VALUE) continue;
    try {
      writeField(w, f, toStr.call(v) === '[object Date]' ? (v as Date).toISOString() : v);
    } catch (err) {
      throw CodecError.at(err, key);
    }
  }
}

/** The request object → protobuf bytes (k6: JSON, protojson.Unmarshal, proto.Marshal). */
export function encodeMessage(type: protobuf.Type, value: unknown): Uint8Array {
  const w = protobuf.Writer.create();
  try {
    writeMessage(w, type, value ?? {});
  } catch (err) {
    if (err instanceof CodecError) throw new Error(`unable to serialise request object to protocol buffer: ${err.describe()}`);
    throw err;
  }
  return w.finish();
}

// ---------------------------------------------------------------- well-known types

const TS = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d\d):(\d\d))$/;
const MIN_TS = -62135596800;
const MAX_TS = 253402300799;
const MAX_DURATION = 315576000000;

const nanosOf = (digits: string | undefined) => (digits ? Number(digits.padEnd(9, '0')) : 0);

function timestampIn(v: unknown): Obj {
  const m = typeof v === 'string' ? TS.exec(v) : null;
  if (!m) return fail(`invalid google.protobuf.Timestamp value ${show(v)}`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) fail(`invalid google.protobuf.Timestamp value ${show(v)}`);
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60) : 0;
  const seconds = date.getTime() / 1000 - offset;
  if (seconds < MIN_TS || seconds > MAX_TS) fail(`invalid google.protobuf.Timestamp value ${show(v)}`);
  return { seconds, nanos: nanosOf(m[7]) };
}

function durationIn(v: unknown): Obj {
  const m = typeof v === 'string' ? /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(v) : null;
  if (!m || Number(m[2]) > MAX_DURATION) return fail(`invalid google.protobuf.Duration value ${show(v)}`);
  const sign = m[1] ? -1 : 1;
  return { seconds: sign * Number(m[2]) || 0, nanos: sign * nanosOf(m[3]) || 0 };
}

function valueIn(v: unknown): Obj {
  if (v === null || v === undefined) return { nullValue: 0 };
  if (typeof v === 'number') return Number.isFinite(v) ? { numberValue: v } : fail(`invalid google.protobuf.Value number ${v}`);
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (toStr.call(v) === '[object Date]') return { stringValue: (v as Date).toISOString() };
  return Array.isArray(v) ? { listValue: v } : { structValue: v };
}

/** A well-known type's JSON form → its fields by proto name (written by the generic path). */
function wktIn(kind: Wkt, type: protobuf.Type, v: unknown): unknown {
  switch (kind) {
    case 'wrapper':
      if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) fail(`invalid value for ${type.fullName.slice(1)}: ${show(v)} (a bare value expected)`);
      return { value: v };
    case 'Timestamp':
      return timestampIn(toStr.call(v) === '[object Date]' ? (v as Date).toISOString() : v);
    case 'Duration':
      return durationIn(v);
    case 'Struct':
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? { fields: v } : fail(`invalid google.protobuf.Struct value ${show(v)}`);
    case 'Value':
      return valueIn(v);
    case 'ListValue':
      return Array.isArray(v) ? { values: v } : fail(`invalid google.protobuf.ListValue value ${show(v)}`);
    case 'FieldMask':
      if (typeof v !== 'string') fail(`invalid google.protobuf.FieldMask value ${show(v)}`);
      return { paths: v ? v.split(',').map((p) => p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) : [] };
    case 'Any': {
      const { '@type': url, ...rest } = (v ?? {}) as Obj;
      if (typeof url !== 'string') return fail('google.protobuf.Any needs an "@type" field');
      const inner = anyType(type, url);
      const w = protobuf.Writer.create();
      writeMessage(w, inner, typeInfo(inner).wkt ? rest.value : rest);
      return { typeUrl: url, value: w.finish() };
    }
  }
}

function anyType(type: protobuf.Type, url: string): protobuf.Type {
  const found = type.root.lookup(url.slice(url.lastIndexOf('/') + 1));
  return found instanceof protobuf.Type ? found : fail(`unable to resolve ${show(url)}: not found`);
}

const num = (v: unknown): number => (typeof v === 'number' ? v : v ? (v as { toNumber(): number }).toNumber() : 0);

function fraction(nanos: number): string {
  if (!nanos) return '';
  const s = String(nanos).padStart(9, '0');
  return `.${nanos % 1e6 === 0 ? s.slice(0, 3) : nanos % 1e3 === 0 ? s.slice(0, 6) : s}`;
}

function wktOut(kind: Wkt, type: protobuf.Type, m: Obj): unknown {
  const byKey = typeInfo(type).byKey;
  const get = (key: string) => {
    const name = byKey.get(key)?.name ?? key;
    return has.call(m, name) ? m[name] : undefined;
  };
  switch (kind) {
    case 'wrapper': {
      const f = typeInfo(type).fields[0];
      const v = get('value');
      return v === undefined || v === null ? defaultOut(f) : scalarOut(f, v);
    }
    case 'Timestamp': {
      const seconds = num(get('seconds'));
      const nanos = num(get('nanos'));
      if (seconds < MIN_TS || seconds > MAX_TS || nanos < 0 || nanos >= 1e9) throw new Error(`invalid google.protobuf.Timestamp in the response: ${seconds}s ${nanos}ns`);
      return `${new Date(seconds * 1000).toISOString().slice(0, 19)}${fraction(nanos)}Z`;
    }
    case 'Duration': {
      const seconds = num(get('seconds'));
      const nanos = num(get('nanos'));
      return `${seconds < 0 || nanos < 0 ? '-' : ''}${Math.abs(seconds)}${fraction(Math.abs(nanos))}s`;
    }
    case 'Value': {
      const f = typeInfo(type).fields.find((x) => get(x.name) !== undefined && get(x.name) !== null);
      if (!f || f.enm) return null;
      return f.msg ? present(f.msg, get(f.name) as Obj) : scalarOut(f, get(f.name));
    }
    case 'FieldMask':
      return ((get('paths') ?? []) as string[]).map(jsonName).join(',');
    case 'Any': {
      const url = get('typeUrl') as string | undefined;
      if (!url) return {};
      const inner = anyType(type, url);
      const value = present(inner, inner.decode((get('value') as Uint8Array | undefined) ?? new Uint8Array(0)) as unknown as Obj);
      return typeInfo(inner).wkt ? { '@type': url, value } : { '@type': url, ...(value as Obj) };
    }
    default: // Struct and ListValue: their generic form, unwrapped (see present)
      return null;
  }
}

// ---------------------------------------------------------------- bytes → response object

/** The shortest decimal that reads back as the same float32 (Go: FormatFloat(x, 'g', -1, 32)). */
function float32(x: number): number | string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return x;
  for (let p = 1; p < 10; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return y;
  }
  return x;
}

function scalarOut(f: FieldInfo, v: unknown): unknown {
  if (f.enm) return f.enm.fullName === NULL_VALUE ? null : (f.enm.valuesById[v as number] ?? v);
  switch (f.type) {
    case 'bytes': {
      const b = v as Uint8Array;
      return (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).toString('base64');
    }
    case 'float':
      return float32(v as number);
    case 'double':
      return Number.isFinite(v) ? v : float32(v as number);
    default:
      return LONG.has(f.type) ? String(v) : v;
  }
}

function defaultOut(f: FieldInfo): unknown {
  if (f.enm) return scalarOut(f, 0);
  if (f.type === 'string' || f.type === 'bytes') return '';
  if (f.type === 'bool') return false;
  return LONG.has(f.type) ? '0' : 0;
}

function keyOut(f: FieldInfo, k: string): string {
  const t = (f.key as FieldInfo).type;
  return LONG.has(t) ? protobuf.util.LongBits.fromHash(k).toLong(UNSIGNED.has(t)).toString() : k;
}

/** A decoded protobufjs message → k6's JSON shape. */
function present(type: protobuf.Type, m: Obj): unknown {
  const info = typeInfo(type);
  if (info.wkt && info.wkt !== 'Struct' && info.wkt !== 'ListValue') return wktOut(info.wkt, type, m);
  const out: Obj = {};
  for (const f of info.fields) {
    const v = has.call(m, f.name) ? m[f.name] : undefined;
    if (f.map) {
      const o: Obj = {};
      if (v) for (const k of Object.keys(v as Obj)) {
        const x = (v as Obj)[k];
        o[keyOut(f, k)] = f.msg ? present(f.msg, (x ?? {}) as Obj) : scalarOut(f, x);
      }
      out[f.json] = o;
    } else if (f.repeated) {
      const list = (v ?? []) as unknown[];
      const a = new Array(list.length);
      for (let i = 0; i < list.length; i++) a[i] = f.msg ? present(f.msg, list[i] as Obj) : scalarOut(f, list[i]);
      out[f.json] = a;
    } else if (v === undefined || v === null) {
      if (!f.oneof) out[f.json] = f.msg || f.presence ? null : defaultOut(f);
    } else out[f.json] = f.msg ? present(f.msg, v as Obj) : scalarOut(f, v);
  }
  return info.wkt === 'Struct' ? out.fields : info.wkt === 'ListValue' ? out.values : out;
}

/** Response bytes → the plain object k6 gives as `response.message`. */
export function decodeMessage(type: protobuf.Type, bytes: Uint8Array): unknown {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return present(type, type.decode(buf) as unknown as Obj);
}
