/**
 * The group tree with per-check pass/fail counts, in k6's `root_group` shapes: checks as an array
 * (handleSummary data) or keyed by name (--summary-export); mergeable, with dirty-only deltas.
 *
 * Paths as k6 builds them: root `''`, group `::a`, nested `::a::b`; a check's path is its group's
 * path + `::` + its name. Ids are the md5 hex of the path (root: md5('') =
 * d41d8cd98f00b204e9800998ecf8427e), as k6's published summaries show for the root and its checks.
 */
import { createHash } from 'node:crypto';

export interface SummaryCheck {
  name: string;
  path: string;
  id: string;
  passes: number;
  fails: number;
}
/** handleSummary's group: sub-groups and checks as arrays, in first-seen order. */
export interface SummaryGroup {
  name: string;
  path: string;
  id: string;
  groups: SummaryGroup[];
  checks: SummaryCheck[];
}
/** --summary-export's group: sub-groups and checks keyed by name. */
export interface ExportGroup {
  name: string;
  path: string;
  id: string;
  groups: Record<string, ExportGroup>;
  checks: Record<string, SummaryCheck>;
}
/** `{v: 1, groups: [groupPath], checks: [[groupPath, name, passes, fails]]}`. */
export interface ChecksSnapshot {
  v: 1;
  groups: string[];
  checks: [string, string, number, number][];
}

interface CheckEntry {
  passes: number;
  fails: number;
  dirty: boolean;
}

const SEP = '::';
const ids = new Map<string, string>();

/** k6's id for a group or check path: md5 hex. */
export function pathId(path: string): string {
  let id = ids.get(path);
  if (id === undefined) {
    id = createHash('md5').update(path).digest('hex');
    ids.set(path, id);
  }
  return id;
}

function assertGroupPath(path: string): void {
  if (typeof path !== 'string' || (path !== '' && !path.startsWith(SEP))) {
    throw new Error(`group path ${JSON.stringify(path)} must be '' (root) or start with "::"`);
  }
}

export class ChecksTree {
  /** Group path → (check name → counts); insertion order is first-seen order. */
  private readonly groups = new Map<string, Map<string, CheckEntry>>([['', new Map()]]);
  /** Group path → [parent path, name]. */
  private readonly parents = new Map<string, [string, string]>();
  /** Groups not yet sent by takeDelta(). */
  private unsentGroups: string[] = [];

  /** Registers a group (and its ancestors) without checks, as group() does. */
  addGroup(groupPath: string): void {
    this.group(groupPath);
  }

  private group(groupPath: string): Map<string, CheckEntry> {
    let g = this.groups.get(groupPath);
    if (g) return g;
    assertGroupPath(groupPath);
    const cut = groupPath.lastIndexOf(SEP);
    const parent = cut > 0 && groupPath.slice(0, cut).startsWith(SEP) ? groupPath.slice(0, cut) : '';
    this.group(parent);
    this.parents.set(groupPath, [parent, groupPath.slice(parent.length + SEP.length)]);
    g = new Map();
    this.groups.set(groupPath, g);
    this.unsentGroups.push(groupPath);
    return g;
  }

  /** Hot path: one check result. */
  addCheck(groupPath: string, name: string, passed: boolean): void {
    this.addCounts(groupPath, name, passed ? 1 : 0, passed ? 0 : 1);
  }

  private addCounts(groupPath: string, name: string, passes: number, fails: number): void {
    const g = this.groups.get(groupPath) ?? this.group(groupPath);
    let c = g.get(name);
    if (c === undefined) {
      c = { passes: 0, fails: 0, dirty: false };
      g.set(name, c);
    }
    c.passes += passes;
    c.fails += fails;
    c.dirty = true;
  }

  snapshot(): ChecksSnapshot {
    const checks: ChecksSnapshot['checks'] = [];
    for (const [path, g] of this.groups) for (const [name, c] of g) checks.push([path, name, c.passes, c.fails]);
    return { v: 1, groups: [...this.groups.keys()].filter((p) => p !== ''), checks };
  }

  /** New groups and changed checks since the last call (counts then zeroed), or null. */
  takeDelta(): ChecksSnapshot | null {
    const checks: ChecksSnapshot['checks'] = [];
    for (const [path, g] of this.groups) {
      for (const [name, c] of g) {
        if (!c.dirty) continue;
        checks.push([path, name, c.passes, c.fails]);
        c.passes = 0;
        c.fails = 0;
        c.dirty = false;
      }
    }
    const groups = this.unsentGroups;
    this.unsentGroups = [];
    return groups.length || checks.length ? { v: 1, groups, checks } : null;
  }

  merge(s: ChecksSnapshot): void {
    if (!s || s.v !== 1) throw new Error('not a version-1 checks snapshot');
    for (const path of s.groups) this.addGroup(path);
    for (const [path, name, passes, fails] of s.checks) this.addCounts(path, name, passes, fails);
  }

  reset(): void {
    for (const g of this.groups.values()) {
      for (const c of g.values()) {
        c.passes = 0;
        c.fails = 0;
        c.dirty = false;
      }
    }
  }

  /** handleSummary's `root_group` (checks and groups as arrays). */
  rootGroup(): SummaryGroup {
    return this.build('', '', (name, path, groups, checks) => ({ name, path, id: pathId(path), groups, checks }));
  }

  /** --summary-export's `root_group` (checks and groups keyed by name). */
  rootGroupExport(): ExportGroup {
    return this.build('', '', (name, path, groups, checks) => ({
      name,
      path,
      id: pathId(path),
      groups: Object.fromEntries(groups.map((g) => [g.name, g])),
      checks: Object.fromEntries(checks.map((c) => [c.name, c])),
    }));
  }

  private build<G extends { name: string }>(path: string, name: string, make: (name: string, path: string, groups: G[], checks: SummaryCheck[]) => G): G {
    const checks: SummaryCheck[] = [];
    for (const [checkName, c] of this.groups.get(path) ?? []) {
      const checkPath = `${path}${SEP}${checkName}`;
      checks.push({ name: checkName, path: checkPath, id: pathId(checkPath), passes: c.passes, fails: c.fails });
    }
    const children: G[] = [];
    for (const [p, [parent, childName]] of this.parents) {
      if (parent === path) children.push(this.build(p, childName, make));
    }
    return make(name, path, children, checks);
  }
}
