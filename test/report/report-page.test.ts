/**
 * report.html as a person sees it, in headless Chromium, from a recorded run's report.json
 * (embedded, fastify, grpc, gateway:fastify; paper and concurrency profiles): the verdict is the
 * first thing on the page, above every table and chart; the charts that show it come next, each
 * with one series per target; the detailed tables follow. The page loads nothing from the network.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunReport } from '../../runner/results/report-schema.ts';
import { renderReport } from '../../runner/report/render-report.ts';
import { VERDICT_QUESTIONS } from '../../runner/report/verdict.ts';
import { launchChromium } from '../helpers/chromium.ts';

const report = JSON.parse(readFileSync(new URL('./fixtures/recorded-report.json', import.meta.url), 'utf8')) as RunReport;
const targets = [...new Set(report.results.map((r) => r.target))];

describe('report.html in Chromium (recorded run)', () => {
  let browser: Browser;
  let page: Page;
  let markdown: string;
  let summary: string;
  const requests: string[] = [];

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'servebench-page-'));
    const rendered = await renderReport(report, []);
    markdown = rendered.markdown;
    summary = rendered.summary;
    writeFileSync(join(dir, 'report.html'), rendered.html);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${join(dir, 'report.html')}`);
  });
  after(() => browser?.close());

  it('opens with the verdict: the first section, on the first screen, one line per question', async () => {
    const sections = await page.$$eval('body > section', (s) => s.map((x) => x.id));
    assert.deepEqual(sections.slice(0, 3), ['verdict', 'verdict-charts', 'run'], sections.join(', '));
    const verdict = await page.$eval('#verdict', (e) => ({ top: e.getBoundingClientRect().top, bottom: e.getBoundingClientRect().bottom, items: [...e.querySelectorAll('li')].map((li) => li.textContent ?? '') }));
    assert.ok(verdict.bottom < 900, `the verdict ends below the first screen (${verdict.bottom}px)`);
    assert.equal(verdict.items.length, VERDICT_QUESTIONS.length);
    VERDICT_QUESTIONS.forEach((q, i) => assert.ok(verdict.items[i].startsWith(`${q.title}:`), verdict.items[i]));
    const firstTable = await page.$eval('table', (t) => t.getBoundingClientRect().top);
    const firstFigure = await page.$eval('figure', (f) => f.getBoundingClientRect().top);
    assert.ok(verdict.bottom <= firstFigure && firstFigure < firstTable, `verdict ${verdict.bottom}, first chart ${firstFigure}, first table ${firstTable}`);
    assert.ok(requests.every((u) => u.startsWith('file://')), `network requests: ${requests.join(', ')}`);
  });

  it('the charts that show it have one series per target, the same targets as the run', async () => {
    const charts = await page.$$eval('#verdict-charts figure', (figs) =>
      figs.map((f) => ({
        id: f.id,
        area: f.querySelector('svg')!.getBoundingClientRect().width * f.querySelector('svg')!.getBoundingClientRect().height,
        legend: [...f.querySelectorAll('.role-legend-label text')].map((t) => t.textContent ?? ''),
        lines: f.querySelectorAll('.mark-line path').length,
        bars: f.querySelectorAll('.mark-rect path').length,
      })),
    );
    assert.deepEqual(charts.map((c) => c.id), ['chart-verdict-speed', 'chart-verdict-throughput', 'chart-verdict-cost']);
    for (const c of charts) {
      assert.ok(c.area > 0, `${c.id} is empty`);
      // One legend entry per target (a cost chart shows its two panels with one shared legend).
      assert.deepEqual([...new Set(c.legend)], targets, `${c.id} legend ${c.legend.join(', ')}`);
      assert.equal(c.legend.length % targets.length, 0, `${c.id} legend ${c.legend.join(', ')}`);
    }
    const [speed, throughput, cost] = charts;
    assert.equal(speed.bars, targets.length, 'one bar per target at 1 connection');
    assert.equal(throughput.lines, targets.length, 'one throughput line per target');
    assert.equal(cost.bars, 2 * targets.length, 'one CPU and one memory bar per target');
  });

  it('the detailed tables follow, in the order report.md has them after its verdict', async () => {
    const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent ?? ''));
    assert.deepEqual(headings.slice(0, 4), ['Verdict', 'What shows it', 'The run', 'Summary']);
    const md = markdown.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    assert.deepEqual(md.slice(0, 4), ['Verdict', 'What shows it', 'The run', 'Summary']);
    assert.match(markdown, /!\[[^\]]+\]\(charts\/verdict-speed\.svg\)/);
  });

  it('summary.md, printed at the end of a run, opens with the same verdict', () => {
    const lines = summary.split('\n');
    assert.equal(lines[0], '## Verdict');
    assert.equal(lines.filter((l) => l.startsWith('- ')).length, VERDICT_QUESTIONS.length);
    assert.ok(summary.indexOf('## Summary') > summary.lastIndexOf('\n- '), 'the summary table after the verdict');
    assert.ok(markdown.includes(lines.slice(0, VERDICT_QUESTIONS.length + 2).join('\n')), 'report.md has the same verdict lines');
  });
});
