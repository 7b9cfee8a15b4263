/**
 * Reads every InfluxQL query out of a dashboard's JSON (panel targets and template variables) and
 * expands Grafana's variables the way Grafana would, so the queries can be run against InfluxDB
 * without Grafana (the real-InfluxDB tests do exactly that).
 */

export interface DashboardQuery {
  /** Where it comes from: `panel "Latency p95" A` or `variable target`. */
  where: string;
  kind: 'panel' | 'variable';
  query: string;
}

interface JsonTarget {
  refId?: string;
  query?: string;
}
interface JsonPanel {
  title?: string;
  targets?: JsonTarget[];
  panels?: JsonPanel[];
}
interface JsonDashboard {
  panels?: JsonPanel[];
  templating?: { list?: { name: string; query?: string | { query?: string } }[] };
}

export function dashboardQueries(dashboard: unknown): DashboardQuery[] {
  const d = dashboard as JsonDashboard;
  const out: DashboardQuery[] = [];
  const visit = (panels: JsonPanel[] = []): void => {
    for (const p of panels) {
      for (const t of p.targets ?? []) if (t.query) out.push({ where: `panel "${p.title}" ${t.refId}`, kind: 'panel', query: t.query });
      visit(p.panels);
    }
  };
  visit(d.panels);
  for (const v of d.templating?.list ?? []) {
    const query = typeof v.query === 'string' ? v.query : v.query?.query;
    if (query) out.push({ where: `variable ${v.name}`, kind: 'variable', query });
  }
  return out;
}

export interface Expansion {
  /** Replaces `$timeFilter`, e.g. `time > now() - 1h`. */
  timeFilter: string;
  intervalMs: number;
  /** Template variable values; several values become Grafana's regex form `(a|b)`. */
  variables: Record<string, readonly string[]>;
}

/** Grafana's regex escaping of variable values (kbn.regexEscape). */
const escapeRegex = (value: string): string => value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');

export function expandQuery(query: string, e: Expansion): string {
  let q = query
    .replaceAll('$timeFilter', e.timeFilter)
    .replaceAll('$__interval_ms', String(e.intervalMs))
    .replaceAll('$__interval', e.intervalMs % 1000 === 0 ? `${e.intervalMs / 1000}s` : `${e.intervalMs}ms`);
  // Longest names first, so `$target` never eats part of `$target_x`.
  for (const name of Object.keys(e.variables).sort((a, b) => b.length - a.length)) {
    const values = e.variables[name].map(escapeRegex);
    q = q.replaceAll(`$${name}`, values.length === 1 ? values[0] : `(${values.join('|')})`);
  }
  const left = /\$[A-Za-z_]\w*/.exec(q);
  if (left) throw new Error(`unexpanded variable ${left[0]} in: ${q}`);
  return q;
}

/** Column aliases a SELECT promises (`AS "p95"`), in order; InfluxDB puts `time` first. */
export function selectedColumns(query: string): string[] {
  return [...query.matchAll(/ AS "([^"]+)"/g)].map((m) => m[1]);
}

/** Tags after GROUP BY (not `time(...)`), which every returned series must carry. */
export function groupByTags(query: string): string[] {
  const m = / GROUP BY (.+?)(?: fill\(\w+\))?$/.exec(query);
  if (!m) return [];
  return [...m[1].matchAll(/"([^"]+)"/g)].map((t) => t[1]);
}
