/**
 * Header names in Go's textproto canonical form (`CanonicalMIMEHeaderKey`), which is how k6 shows
 * response headers to scripts: the first letter and every letter after a hyphen upper-cased, the
 * rest lower-cased (`content-type` → `Content-Type`, `x-foo-bar` → `X-Foo-Bar`). Like Go, a name
 * holding a character that is not a valid token character (a space, a colon, non-ASCII, …) is
 * returned unchanged. Results are memoised: a load test sees the same few names over and over.
 */

/** RFC 7230 tchar: ! # $ % & ' * + - . ^ _ ` | ~ DIGIT ALPHA. */
const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~") TOKEN[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TOKEN[c] = 1;
for (let c = 65; c <= 90; c++) TOKEN[c] = 1;
for (let c = 97; c <= 122; c++) TOKEN[c] = 1;

const cache = new Map<string, string>();
const CACHE_LIMIT = 2048;

function canonicalize(name: string): string {
  let out = '';
  let upper = true;
  let changed = false;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) return name;
    if (upper && c >= 97 && c <= 122) {
      c -= 32;
      changed = true;
    } else if (!upper && c >= 65 && c <= 90) {
      c += 32;
      changed = true;
    }
    out += String.fromCharCode(c);
    upper = c === 45; // '-'
  }
  return changed ? out : name;
}

/** A non-empty RFC 7230 token (a valid header name or method). */
export function isValidHeaderName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) return false;
  }
  return true;
}

/** Go's `textproto.CanonicalMIMEHeaderKey`. */
export function canonicalHeaderName(name: string): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const canonical = canonicalize(name);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, canonical);
  return canonical;
}
