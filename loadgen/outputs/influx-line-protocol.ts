/**
 * InfluxDB 1.x line protocol for k6 samples: one point per sample, measurement = metric name, the
 * sample's tags as tags except the tags-as-fields (typed `name:int|float|bool|string`), which become
 * fields beside the float field `value`; timestamps in the write precision. Escaping follows the
 * line protocol: `,` and space in measurements; `,` `=` space in tag keys, tag values and field
 * keys; `"` and `\` inside string field values. Empty tag values are omitted (InfluxDB rejects them).
 */
import type { Sample } from '../metrics/sample.ts';

export type FieldType = 'string' | 'int' | 'float' | 'bool';
export interface FieldSpec {
  name: string;
  type: FieldType;
}
/** The `precision=` values InfluxDB 1.x's /write takes. */
export type Precision = 'ns' | 'u' | 'ms' | 's' | 'm' | 'h';

const FIELD_TYPES = new Set<string>(['string', 'int', 'float', 'bool']);
const PRECISIONS: Record<string, Precision> = {
  n: 'ns', ns: 'ns', u: 'u', us: 'u', 'µ': 'u', 'µs': 'u', ms: 'ms', s: 's', m: 'm', h: 'h',
};
const UNIT_MS: Record<Exclude<Precision, 'ns' | 'u'>, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Go's strconv.ParseBool spellings (k6's `:bool` fields and boolean settings); undefined for others. */
export function parseGoBool(text: string): boolean | undefined {
  return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined;
}

/** `vu:int,iter:int,url` → specs; throws on an unknown type or an empty name. */
export function parseTagsAsFields(list: string | readonly string[]): FieldSpec[] {
  const items = (typeof list === 'string' ? list.split(',') : list.flatMap((l) => l.split(','))).map((s) => s.trim()).filter(Boolean);
  return items.map((item) => {
    const colon = item.lastIndexOf(':');
    const name = (colon < 0 ? item : item.slice(0, colon)).trim();
    const type = colon < 0 ? 'string' : item.slice(colon + 1).trim();
    if (!name) throw new Error(`influxdb tagsAsFields: "${item}" has no tag name`);
    if (!FIELD_TYPES.has(type)) throw new Error(`influxdb tagsAsFields: "${item}" has type "${type}"; use int, float, bool or string`);
    return { name, type: type as FieldType };
  });
}

/** Normalises a precision spelling (`ns`, `n`, `us`, `u`, `ms`, `s`, `m`, `h`); throws on others. */
export function parsePrecision(text: string): Precision {
  const p = PRECISIONS[text.trim()];
  if (!p) throw new Error(`influxdb precision "${text}" is not one of ns, us, ms, s, m, h`);
  return p;
}

/** Integer timestamp text for a time in epoch milliseconds (fractional allowed), truncated to the unit. */
export function formatTimestamp(ms: number, precision: Precision): string {
  if (precision === 'ns') {
    let whole = Math.floor(ms);
    let sub = Math.round((ms - whole) * 1e6);
    if (sub >= 1e6) {
      whole += 1;
      sub -= 1e6;
    }
    return whole === 0 ? String(sub) : `${whole}${String(sub).padStart(6, '0')}`;
  }
  if (precision === 'u') return String(Math.floor(Math.round(ms * 1e6) / 1000));
  return String(Math.floor(ms / UNIT_MS[precision]));
}

const MEASUREMENT_SPECIAL = /[, \n\r]|\\$/;
const KEY_SPECIAL = /[,= \n\r]|\\$/;
const STRING_SPECIAL = /["\\]/;

/**
 * Newlines (not allowed outside string fields) become a literal `\n`; a trailing backslash is
 * removed, because InfluxDB would read it as escaping the separator after it and reject the line
 * (no spelling of a trailing backslash parses). A backslash elsewhere is kept as it is.
 */
function tidy(s: string): string {
  return s.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\\+$/, '');
}

export function escapeMeasurement(s: string): string {
  return MEASUREMENT_SPECIAL.test(s) ? tidy(s).replace(/[, ]/g, '\\$&') : s;
}

/** For tag keys, tag values and field keys. */
export function escapeKey(s: string): string {
  return KEY_SPECIAL.test(s) ? tidy(s).replace(/[,= ]/g, '\\$&') : s;
}

/** A string field value, quoted. */
export function quoteString(s: string): string {
  return `"${STRING_SPECIAL.test(s) ? s.replace(/["\\]/g, '\\$&') : s}"`;
}

/** Why a point was left out (the caller counts it dropped and warns once per reason). */
export class PointError extends Error {
  override name = 'PointError';
}

/** Renders a typed field value, or null when the tag's text is not of that type. */
function typedField(spec: FieldSpec, text: string): string | null {
  switch (spec.type) {
    case 'string':
      return quoteString(text);
    case 'int':
      return INT.test(text) ? `${text.replace(/^\+/, '')}i` : null;
    case 'float':
      return FLOAT.test(text) && Number.isFinite(Number(text)) ? String(Number(text)) : null;
    case 'bool': {
      const b = parseGoBool(text);
      return b === undefined ? null : String(b);
    }
  }
}

/** Formats samples as line protocol lines (no trailing newline), with the configured tags-as-fields. */
export class LineFormatter {
  private readonly fields: Map<string, FieldSpec>;

  constructor(
    tagsAsFields: readonly FieldSpec[],
    private readonly precision: Precision,
  ) {
    this.fields = new Map(tagsAsFields.map((f) => [f.name, f]));
  }

  /** One point; throws PointError for a non-finite value. Bad typed tags are left out (reported via `onBadTag`). */
  format(sample: Sample, onBadTag: (tag: string, type: FieldType, text: string) => void): string {
    if (!Number.isFinite(sample.value)) throw new PointError(`value ${sample.value} is not a finite number`);
    let tagPart = '';
    // JS's shortest round-trip text; InfluxDB parses exponents (1e+21) as floats too.
    let fieldPart = `value=${String(sample.value)}`;
    const keys = Object.keys(sample.tags).sort();
    for (const key of keys) {
      const text = sample.tags[key];
      if (text === undefined || text === null) continue;
      const str = String(text);
      const name = escapeKey(key);
      if (name === '') continue;
      const spec = this.fields.get(key);
      if (spec) {
        const rendered = typedField(spec, str);
        if (rendered === null) onBadTag(key, spec.type, str);
        else fieldPart += `,${name}=${rendered}`;
      } else {
        const value = escapeKey(str);
        if (value !== '') tagPart += `,${name}=${value}`;
      }
    }
    return `${escapeMeasurement(sample.metric)}${tagPart} ${fieldPart} ${formatTimestamp(sample.time, this.precision)}`;
  }
}
