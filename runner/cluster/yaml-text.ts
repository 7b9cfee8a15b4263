/**
 * A small YAML emitter for Kubernetes manifests (plain JSON data: objects, arrays, strings,
 * numbers, booleans, null). Strings that could read as something else are double-quoted in
 * JSON's escaping (valid YAML); multi-line strings become literal blocks (`|` / `|-`) when that
 * keeps them exact, else double-quoted. Documents are joined by `---`.
 */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

function scalar(s: string): string {
  return PLAIN.test(s) && !RESERVED.test(s) ? s : JSON.stringify(s);
}

/** Can `s` be a literal block? Lines without leading-space trouble, no control characters. */
function blockable(s: string): boolean {
  if (!s.includes('\n') || /[\u0000-\u0008\u000b-\u001f\u007f\ufeff]/.test(s)) return false;
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  // `|` keeps one final newline, `|-` none: more than one trailing newline, or a leading space
  // on the first line (it would set the indentation), needs the quoted form.
  return !body.endsWith('\n') && !/^[ \t]/.test(body) && body.split('\n').every((l) => !/\s$/.test(l) || l.trim() === '');
}

function block(s: string, indent: string): string {
  const chomp = s.endsWith('\n') ? '|' : '|-';
  const body = (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n');
  return `${chomp}\n${body.map((l) => (l.trim() === '' ? '' : `${indent}${l}`)).join('\n')}`;
}

function value(v: Json, indent: string): string {
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} in YAML`);
    return String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return blockable(v) ? block(v, `${indent}  `) : scalar(v);
  if (Array.isArray(v)) return v.length ? `\n${seq(v, indent)}` : '[]';
  return Object.keys(v).length ? `\n${map(v, `${indent}  `)}` : '{}';
}

function map(o: { [key: string]: Json }, indent: string): string {
  return Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${indent}${scalar(k)}:${after(value(v, indent))}`)
    .join('\n');
}

function seq(a: Json[], indent: string): string {
  return a
    .map((item) => {
      if (item && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length) {
        // First key on the dash line, the rest aligned under it.
        const inner = map(item, `${indent}  `);
        return `${indent}- ${inner.slice(indent.length + 2)}`;
      }
      return `${indent}-${after(value(item, `${indent}  `))}`;
    })
    .join('\n');
}

const after = (text: string) => (text.startsWith('\n') ? text : ` ${text}`);

/** One or more documents as YAML text (ends with a newline). */
export function toYaml(docs: readonly object[]): string {
  return `${docs.map((d) => map(d as { [key: string]: Json }, '')).join('\n---\n')}\n`;
}
