/** Derives every report file of a run directory from its raw results (and only from them). */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, runStore, writeJson, type ProfileMeta, type ResourceFile } from '../results/run-store.ts';
import type { RunReport } from '../results/report-schema.ts';
import { buildReport } from './build-report.ts';
import type { PriceTable } from './price-table.ts';
import type { SeriesPoint } from './charts.ts';
import { chartFile } from './render-markdown.ts';
import { renderReport } from './render-report.ts';

function resourceSeries(runDir: string, report: RunReport): SeriesPoint[] {
  const store = runStore(runDir);
  return report.results.flatMap((r) => {
    const res = readJson<ResourceFile>(store.resources(r.target, r.profile));
    const meta = readJson<ProfileMeta>(store.meta(r.target, r.profile));
    if (!res?.target.length) return [];
    const t0 = meta ? Date.parse(meta.startedAt) : res.target[0].t;
    return res.target.map((p) => ({ target: r.target, profile: r.profile, s: (p.t - t0) / 1000, cpuPercent: p.cpuPercent, rssMb: p.rssBytes / 2 ** 20 }));
  });
}

export async function writeReports(runDir: string, prices?: PriceTable): Promise<RunReport> {
  if (!existsSync(join(runDir, 'settings.json'))) throw new Error(`${runDir} is not a servebench run directory (no settings.json)`);
  const report = buildReport(runDir, prices);
  const { markdown, html, verdictCharts, summary } = await renderReport(report, resourceSeries(runDir, report));
  writeJson(join(runDir, 'report.json'), report);
  mkdirSync(join(runDir, 'charts'), { recursive: true });
  for (const c of verdictCharts) writeFileSync(join(runDir, chartFile(c.id)), c.svg);
  writeFileSync(join(runDir, 'report.md'), markdown);
  writeFileSync(join(runDir, 'summary.md'), summary);
  writeFileSync(join(runDir, 'report.html'), html);
  return report;
}
