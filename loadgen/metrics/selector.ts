/**
 * k6 sub-metric selectors, `metric{tag:value,tag2:value}`: parsing, the canonical key the summary
 * uses, and matching a sample's tags (every selector tag present and equal).
 *
 * Parsing as k6 does it: the text inside the braces is trimmed and split on `,`; each part is split on
 * its FIRST `:` (so `group:::setup` is tag `group` = `::setup`); keys and values are trimmed and
 * lose surrounding `"`/`'` quotes. Empty parts are skipped. The canonical key is
 * `<name>{<trimmed text inside the braces>}`: the selector as written (k6 keys sub-metrics by the
 * threshold's text), so `http_req_duration{phase:measure}` stays exactly that.
 */
import type { Tags } from './sample.ts';

export class SelectorError extends Error {
  override name = 'SelectorError';
}

export interface Selector {
  /** The parent metric's name. */
  metric: string;
  /** Selector tags; empty for a plain metric name. */
  tags: Tags;
  /** The key the summary lists it under: the metric name, or `name{inner}`. */
  key: string;
}

const stripQuotes = (s: string): string => s.trim().replace(/^["']+|["']+$/g, '').trim();

/** Parses `name` or `name{k:v,...}`; throws SelectorError with the reason. */
export function parseSelector(text: string): Selector {
  if (typeof text !== 'string') throw new SelectorError(`metric selector must be a string, got ${typeof text}`);
  const open = text.indexOf('{');
  if (open < 0) {
    if (text.includes('}')) throw new SelectorError(`metric selector ${JSON.stringify(text)}: "}" without "{"`);
    const metric = text.trim();
    if (!metric) throw new SelectorError('metric selector is empty');
    return { metric, tags: {}, key: metric };
  }
  const metric = text.slice(0, open).trim();
  if (!metric) throw new SelectorError(`metric selector ${JSON.stringify(text)}: no metric name before "{"`);
  const rest = text.slice(open + 1).trimEnd();
  if (!rest.endsWith('}')) throw new SelectorError(`metric selector ${JSON.stringify(text)}: missing closing "}"`);
  const inner = rest.slice(0, -1).trim();
  const tags: Tags = {};
  for (const part of inner.split(',')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    if (colon < 0) throw new SelectorError(`metric selector ${JSON.stringify(text)}: ${JSON.stringify(part.trim())} is not tag:value`);
    const key = stripQuotes(part.slice(0, colon));
    if (!key) throw new SelectorError(`metric selector ${JSON.stringify(text)}: empty tag name in ${JSON.stringify(part.trim())}`);
    tags[key] = stripQuotes(part.slice(colon + 1));
  }
  if (Object.keys(tags).length === 0) throw new SelectorError(`metric selector ${JSON.stringify(text)}: no tags inside "{}"`);
  return { metric, tags, key: `${metric}{${inner}}` };
}

/** A selector's tags as parallel arrays, for the per-sample hot path. */
export interface TagMatcher {
  keys: string[];
  values: string[];
}

export function tagMatcher(tags: Tags): TagMatcher {
  const keys = Object.keys(tags);
  return { keys, values: keys.map((k) => tags[k]) };
}

/** True when every selector tag is present in `tags` with the same value. */
export function matchesTags(m: TagMatcher, tags: Tags): boolean {
  const keys = m.keys;
  for (let i = 0; i < keys.length; i++) {
    if (tags[keys[i]] !== m.values[i]) return false;
  }
  return true;
}
