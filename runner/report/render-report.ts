/** A report's pages from report.json's data: the verdict and its charts first, then the tables and the other charts. Pure: reads and writes no files. */
import type { RunReport } from '../results/report-schema.ts';
import { renderCharts, type Chart, type SeriesPoint } from './charts.ts';
import { renderHtml } from './render-html.ts';
import { markdownSection, renderMarkdown, verdictMarkdown } from './render-markdown.ts';
import { reportTables, summaryTable } from './report-tables.ts';
import { reportVerdict } from './verdict.ts';
import { renderVerdictCharts } from './verdict-charts.ts';

export interface RenderedReport {
  markdown: string;
  html: string;
  /** The verdict's charts, also written as SVG files beside report.md. */
  verdictCharts: Chart[];
  /** summary.md, printed at the end of a run: the verdict and the summary table. */
  summary: string;
}

export async function renderReport(report: RunReport, series: SeriesPoint[]): Promise<RenderedReport> {
  const tables = reportTables(report);
  const verdict = reportVerdict(report);
  const verdictCharts = await renderVerdictCharts(report, verdict);
  const charts = await renderCharts(report, series);
  return {
    markdown: renderMarkdown(report, tables, verdict, verdictCharts),
    html: renderHtml(report, tables, charts, verdict, verdictCharts),
    verdictCharts,
    summary: `${verdictMarkdown(verdict)}\n${markdownSection(summaryTable(report))}`,
  };
}
