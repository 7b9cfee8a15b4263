/**
 * k6's protobuf JSON mapping for gRPC messages. Requests: field names as in the .proto or in
 * lowerCamelCase, 64-bit integers as numbers or strings, bytes as base64 (std or URL-safe),
 * enums by name or number, well-known types in their JSON forms (wrappers as the bare value,
 * Timestamp as RFC 3339, Duration as "1.5s", Struct/Value/ListValue as plain JSON); an unknown
 * field is an error. Responses: lowerCamelCase names, 64-bit integers as strings, bytes as
 * base64, enums by name, unpopulated fields emitted with their defaults (protojson's
 * EmitUnpopulated, which k6 uses), well-known types in their JSON forms.
 */
import protobuf from 'protobufjs';

const WRAPPERS = new Set(['DoubleValue', 'FloatValue', 'Int64Value', 'UInt64Value', 'Int32Value', 'UInt32Value', 'BoolValue', 'StringValue', 'BytesValue'].map((n) => `.google.protobuf.${n}`));

const fullName = (t: protobuf.Type) => t.fullName;

function toStructValue(v: unknown): Record<string, unknown> {
  if (v === null) return { nullValue: 0 };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(toStructValue) } };
  if (typeof v === 'object') return { structValue: { fields: Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, toStructValue(x)])) } };
  throw new Error(`cannot encode ${typeof v} as google.protobuf.Value`);
}

function fromStructValue(v: Record<string, unknown> | null | undefined): unknown {
  if (!v) return null;
  if ('numberValue' in v || 'number_value' in v) return v.numberValue ?? v.number_value;
  if ('stringValue' in v || 'string_value' in v) return v.stringValue ?? v.string_value;
  if ('boolValue' in v || 'bool_value' in v) return v.boolValue ?? v.bool_value;
  const list = (v.listValue ?? v.list_value) as { values?: Record<string, unknown>[] } | undefined;
  if (list) return (list.values ?? []).map(fromStructValue);
  const struct = (v.structValue ?? v.struct_value) as { fields?: Record<string, Record<string, unknown>> } | undefined;
  if (struct) return Object.fromEntries(Object.entries(struct.fields ?? {}).map(([k, x]) => [k, fromStructValue(x)]));
  return null;
}

function parseTimestamp(text: string): { seconds: number; nanos: number } {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) throw new Error(`invalid google.protobuf.Timestamp ${JSON.stringify(text)} (RFC 3339 expected)`);
  const ms = Date.parse(`${m[1]}${m[3]}`);
  return { seconds: Math.floor(ms / 1000), nanos: m[2] ? Math.round(Number(`0${m[2]}`) * 1e9) : 0 };
}

function parseDurationText(text: string): { seconds: number; nanos: number } {
  const m = /^(-?)(\d+)(\.\d{1,9})?s$/.exec(text);
  if (!m) throw new Error(`invalid google.protobuf.Duration ${JSON.stringify(text)} ("1.5s" expected)`);
  const sign = m[1] ? -1 : 1;
  return { seconds: sign * Number(m[2]), nanos: sign * (m[3] ? Math.round(Number(`0${m[3]}`) * 1e9) : 0) };
}

/** The script's object → an object protobufjs' fromObject takes (proto field names, WKTs expanded). */
function prepare(type: protobuf.Type, value: unknown): unknown {
  const name = fullName(type);
  if (WRAPPERS.has(name)) return value !== null && typeof value === 'object' && 'value' in (value as object) ? value : { value };
  if (name === '.google.protobuf.Timestamp' && typeof value === 'string') return parseTimestamp(value);
  if (name === '.google.protobuf.Duration' && typeof value === 'string') return parseDurationText(value);
  if (name === '.google.protobuf.Struct') return { fields: Object.fromEntries(Object.entries(value as object).map(([k, x]) => [k, toStructValue(x)])) };
  if (name === '.google.protobuf.Value') return toStructValue(value);
  if (name === '.google.protobuf.ListValue') return { values: (value as unknown[]).map(toStructValue) };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${name.slice(1)}: expected an object, got ${JSON.stringify(value)}`);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = type.fields[key] ?? type.fieldsArray.find((f) => camel(f.name) === key);
    if (!field) throw new Error(`proto: (line 1:2): unknown field "${key}" in ${name.slice(1)}`);
    if (v === null || v === undefined) continue;
    field.resolve();
    const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : null;
    if (!sub) out[field.name] = field.type === 'bytes' ? bytesValue(v) : v;
    else if (field.map) out[field.name] = Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, prepare(sub, x)]));
    else if (field.repeated) out[field.name] = (v as unknown[]).map((x) => prepare(sub, x));
    else out[field.name] = prepare(sub, v);
  }
  return out;
}

/** Bytes: base64 (std or URL-safe) string, or an ArrayBuffer / typed array. */
function bytesValue(v: unknown): unknown {
  if (typeof v === 'string') return Buffer.from(v, /[-_]/.test(v) ? 'base64url' : 'base64');
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return v.map(bytesValue);
  if (v && typeof (v as ArrayBuffer).byteLength === 'number') return Buffer.from(v as ArrayBuffer);
  return v;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function encodeMessage(type: protobuf.Type, value: unknown): Uint8Array {
  const prepared = prepare(type, value) as Record<string, unknown>;
  const problem = type.verify(type.fromObject(prepared));
  if (problem) throw new Error(`${type.fullName.slice(1)}: ${problem}`);
  return type.encode(type.fromObject(prepared)).finish();
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true, arrays: true, objects: true, json: true };

/** protobufjs' plain object (proto names) → k6's JSON shape. */
function present(type: protobuf.Type, obj: Record<string, unknown> | null): unknown {
  if (obj === null || obj === undefined) return null;
  const name = fullName(type);
  if (WRAPPERS.has(name)) return obj.value;
  if (name === '.google.protobuf.Timestamp') {
    const ms = Number(obj.seconds) * 1000 + Number(obj.nanos ?? 0) / 1e6;
    return new Date(ms).toISOString().replace('.000Z', 'Z');
  }
  if (name === '.google.protobuf.Duration') return `${Number(obj.seconds) + Number(obj.nanos ?? 0) / 1e9}s`;
  if (name === '.google.protobuf.Struct') return fromStructValue({ structValue: obj });
  if (name === '.google.protobuf.Value') return fromStructValue(obj);
  if (name === '.google.protobuf.ListValue') return fromStructValue({ listValue: obj });
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const v = obj[field.name];
    const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : null;
    const key = camel(field.name);
    if (field.partOf && (v === undefined || v === null)) continue; // protojson leaves unset oneof members out
    if (!sub) out[key] = v;
    else if (field.map) out[key] = Object.fromEntries(Object.entries((v ?? {}) as Record<string, Record<string, unknown>>).map(([k, x]) => [k, present(sub, x)]));
    else if (field.repeated) out[key] = ((v ?? []) as Record<string, unknown>[]).map((x) => present(sub, x));
    else out[key] = v === undefined ? null : present(sub, v as Record<string, unknown>);
  }
  return out;
}

export function decodeMessage(type: protobuf.Type, bytes: Uint8Array): unknown {
  const message = type.decode(bytes);
  return present(type, type.toObject(message, TO_OBJECT));
}
