/**
 * One thread's (or the main thread's) metric aggregates: every sample updates its metric and each
 * matching sub-metric; stores snapshot, ship dirty-only deltas, and merge each other's snapshots.
 *
 * Hot path: `addValue()` is one Map lookup, one aggregate add, and per distinct first selector tag
 * of that metric one tag lookup + one Map lookup (sub-metrics are indexed by their first tag).
 * Delta shipping: `takeDelta()` returns only what changed since the last call (and zeroes it); the
 * receiver `merge()`s deltas in any order. Snapshots are plain JSON-safe objects (histograms as
 * base64 strings), so they cross `postMessage` and machines alike.
 */
import { createAggregate, type Aggregate, type AggregateSnapshot } from './aggregates.ts';
import type { MetricRegistry } from './metric-registry.ts';
import type { MetricDef, Sample, Tags } from './sample.ts';
import { matchesTags, parseSelector, SelectorError, tagMatcher, type Selector, type TagMatcher } from './selector.ts';

/** The sub-metric k6 always keeps (it shows under http_req_duration in k6's summary). */
export const DEFAULT_SUBMETRICS: readonly string[] = ['http_req_duration{expected_response:true}'];

export interface SubmetricSnapshot {
  key: string;
  agg: AggregateSnapshot;
}
export interface MetricSnapshot {
  def: MetricDef;
  /** The metric's own aggregate; null when only sub-metrics changed. */
  agg: AggregateSnapshot | null;
  subs: SubmetricSnapshot[];
}
/** Version 1: `{v: 1, metrics: [{def, agg, subs: [{key, agg}]}]}`. */
export interface StoreSnapshot {
  v: 1;
  metrics: MetricSnapshot[];
}

interface SubEntry {
  selector: Selector;
  matcher: TagMatcher;
  agg: Aggregate;
  dirty: boolean;
}

interface TagIndex {
  tag: string;
  byValue: Map<string, SubEntry[]>;
}

interface Entry {
  def: MetricDef;
  agg: Aggregate;
  dirty: boolean;
  subs: SubEntry[];
  index: TagIndex[];
}

/** One row of `entries()`: a metric or a sub-metric with its aggregate. */
export interface StoreEntry {
  key: string;
  metric: string;
  /** Selector tags for a sub-metric, null for the metric itself. */
  tags: Tags | null;
  def: MetricDef;
  aggregate: Aggregate;
}

export class MetricStore {
  private readonly entries_ = new Map<string, Entry>();
  /** Selectors by parent metric, attached when the metric's entry is created. */
  private readonly selectors = new Map<string, Selector[]>();
  private readonly subsByKey = new Map<string, SubEntry>();

  constructor(
    readonly registry: MetricRegistry,
    submetricSelectors: readonly string[] = [],
  ) {
    for (const s of submetricSelectors) this.addSubmetric(s);
  }

  /** Adds a sub-metric by selector text (idempotent per key); returns its parsed selector. */
  addSubmetric(text: string): Selector {
    const sel = parseSelector(text);
    if (Object.keys(sel.tags).length === 0) throw new SelectorError(`${JSON.stringify(text)} has no {tag:value} selector`);
    const known = this.subsByKey.get(sel.key);
    if (known) return known.selector;
    const list = this.selectors.get(sel.metric) ?? [];
    if (list.some((s) => s.key === sel.key)) return sel;
    list.push(sel);
    this.selectors.set(sel.metric, list);
    const entry = this.entries_.get(sel.metric);
    if (entry) this.attach(entry, sel);
    return sel;
  }

  add(sample: Sample): void {
    this.addValue(sample.metric, sample.value, sample.time, sample.tags);
  }

  /** The hot path. Throws for a metric the registry does not know. */
  addValue(metric: string, value: number, time: number, tags: Tags): void {
    let e = this.entries_.get(metric);
    if (e === undefined) e = this.createEntry(metric);
    e.agg.add(value, time);
    e.dirty = true;
    const index = e.index;
    for (let i = 0; i < index.length; i++) {
      const tv = tags[index[i].tag];
      if (tv === undefined) continue;
      const subs = index[i].byValue.get(tv);
      if (subs === undefined) continue;
      for (let j = 0; j < subs.length; j++) {
        const s = subs[j];
        if (s.matcher.keys.length === 1 || matchesTags(s.matcher, tags)) {
          s.agg.add(value, time);
          s.dirty = true;
        }
      }
    }
  }

  /** The aggregate for a metric name or sub-metric key, if it exists yet. */
  get(key: string): Aggregate | undefined {
    return this.entries_.get(key)?.agg ?? this.subsByKey.get(key)?.agg;
  }

  /**
   * The aggregate for a metric name or selector, created empty when it has none yet (for
   * thresholds and the summary). Throws when the metric is not registered.
   */
  ensure(key: string): Aggregate {
    const existing = this.get(key);
    if (existing) return existing;
    const sel = parseSelector(key);
    if (!this.registry.has(sel.metric)) throw new Error(`no metric named ${JSON.stringify(sel.metric)} is registered`);
    if (Object.keys(sel.tags).length === 0) return this.createEntry(sel.metric).agg;
    this.addSubmetric(key);
    this.entries_.get(sel.metric) ?? this.createEntry(sel.metric);
    return this.subsByKey.get(sel.key)!.agg;
  }

  /** Every metric and sub-metric that has an aggregate (metrics in creation order, each followed by its sub-metrics). */
  *entries(): IterableIterator<StoreEntry> {
    for (const [name, e] of this.entries_) {
      yield { key: name, metric: name, tags: null, def: e.def, aggregate: e.agg };
      for (const s of e.subs) yield { key: s.selector.key, metric: name, tags: s.selector.tags, def: e.def, aggregate: s.agg };
    }
  }

  /** Everything, whether changed or not. */
  snapshot(): StoreSnapshot {
    const metrics: MetricSnapshot[] = [];
    for (const e of this.entries_.values()) {
      metrics.push({ def: { ...e.def }, agg: e.agg.snapshot(), subs: e.subs.map((s) => ({ key: s.selector.key, agg: s.agg.snapshot() })) });
    }
    return { v: 1, metrics };
  }

  /** What changed since the last takeDelta() (then zeroed), or null when nothing did. */
  takeDelta(): StoreSnapshot | null {
    const metrics: MetricSnapshot[] = [];
    for (const e of this.entries_.values()) {
      const subs: SubmetricSnapshot[] = [];
      for (const s of e.subs) {
        if (!s.dirty) continue;
        subs.push({ key: s.selector.key, agg: s.agg.snapshot() });
        s.agg.reset();
        s.dirty = false;
      }
      if (!e.dirty && subs.length === 0) continue;
      metrics.push({ def: { ...e.def }, agg: e.dirty ? e.agg.snapshot() : null, subs });
      if (e.dirty) e.agg.reset();
      e.dirty = false;
    }
    return metrics.length ? { v: 1, metrics } : null;
  }

  /** Adds a snapshot or delta from another store; registers its metric definitions here. */
  merge(snapshot: StoreSnapshot): void {
    if (!snapshot || snapshot.v !== 1 || !Array.isArray(snapshot.metrics)) throw new Error('not a version-1 metric store snapshot');
    for (const m of snapshot.metrics) {
      this.registry.register(m.def);
      const e = this.entries_.get(m.def.name) ?? this.createEntry(m.def.name);
      if (m.agg) {
        e.agg.merge(m.agg);
        e.dirty = true;
      }
      for (const s of m.subs) {
        let sub = this.subsByKey.get(s.key);
        if (!sub) {
          const sel = this.addSubmetric(s.key);
          if (sel.metric !== m.def.name) throw new Error(`snapshot sub-metric ${JSON.stringify(s.key)} listed under ${JSON.stringify(m.def.name)}`);
          sub = this.subsByKey.get(s.key)!;
        }
        sub.agg.merge(s.agg);
        sub.dirty = true;
      }
    }
  }

  /** Zeroes every aggregate (definitions and sub-metrics stay). */
  reset(): void {
    for (const e of this.entries_.values()) {
      e.agg.reset();
      e.dirty = false;
      for (const s of e.subs) {
        s.agg.reset();
        s.dirty = false;
      }
    }
  }

  private createEntry(metric: string): Entry {
    const def = this.registry.get(metric);
    if (!def) throw new Error(`no metric named ${JSON.stringify(metric)} is registered`);
    const e: Entry = { def, agg: createAggregate(def.type), dirty: false, subs: [], index: [] };
    this.entries_.set(metric, e);
    for (const sel of this.selectors.get(metric) ?? []) this.attach(e, sel);
    return e;
  }

  private attach(e: Entry, selector: Selector): void {
    if (this.subsByKey.has(selector.key)) return;
    const sub: SubEntry = { selector, matcher: tagMatcher(selector.tags), agg: createAggregate(e.def.type), dirty: false };
    e.subs.push(sub);
    this.subsByKey.set(selector.key, sub);
    const first = sub.matcher.keys[0];
    let idx = e.index.find((t) => t.tag === first);
    if (!idx) {
      idx = { tag: first, byValue: new Map() };
      e.index.push(idx);
    }
    const value = sub.matcher.values[0];
    const list = idx.byValue.get(value) ?? [];
    list.push(sub);
    idx.byValue.set(value, list);
  }
}
