/**
 * The study's benchmark on this machine: `servebench run` (paper + concurrency profiles, any run
 * flags), then each target's peak throughput next to the engine's in-process batched limit
 * (batch-32 images/s through loadEngine + predict, no server, no network).
 * Usage: tsx bench/paper-bench.ts [servebench run flags] [--engine-seconds 5]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TARGET_OPTIONS } from '../servers/targets/target.ts';
import { loadEngine } from '../servers/engines/engine-registry.ts';
import { ensureModel } from '../servers/model/generate.ts';
import { syntheticImages } from '../servers/data/synthetic-images.ts';
import { toFloat32Batch } from '../servers/data/batch.ts';
import { executeRun } from '../runner/run/execute-run.ts';
import { parseRunArgs } from '../runner/run/run-options.ts';
import type { RunReport } from '../runner/results/report-schema.ts';
import { mean } from '../runner/results/stats.ts';
import { fmt } from '../runner/report/report-tables.ts';
import { markdownTable } from '../runner/report/render-markdown.ts';

const BATCH = 32;

async function engineImagesPerSecond(engine: string, modelDir: string, threads: number, seconds: number): Promise<number> {
  const e = await loadEngine(engine, { modelDir, threads });
  try {
    const input = e.signature.inputs[0];
    const batch = { [input.name]: { data: toFloat32Batch(syntheticImages(BATCH).map((i) => i.pixels)), shape: [BATCH, 32, 32, 3] } };
    for (let i = 0; i < 3; i++) await e.predict(batch); // warm-up
    let images = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await e.predict(batch);
      images += BATCH;
    }
    return images / ((performance.now() - start) / 1000);
  } finally {
    await e.dispose();
  }
}

async function main(argv: string[]): Promise<void> {
  const i = argv.indexOf('--engine-seconds');
  const engineSeconds = i >= 0 ? Number(argv.splice(i, 2)[1]) : 5;
  const settings = parseRunArgs(argv);
  const run = await executeRun(settings);
  const report = JSON.parse(readFileSync(join(run.runDir, 'report.json'), 'utf8')) as RunReport;
  await ensureModel(settings.modelDir);
  const limit = await engineImagesPerSecond(settings.engine, settings.modelDir, settings.threads ?? DEFAULT_TARGET_OPTIONS.threads, engineSeconds);
  const labels = [...new Set(report.results.map((r) => r.target))];
  const rows = labels.map((label) => {
    const of = (p: string) => report.results.find((r) => r.target === label && r.profile === p && r.status === 'ok');
    const paper = of('paper')?.windows.at(-1);
    const seconds = paper?.paperSeconds?.length ? mean(paper.paperSeconds) : undefined;
    const peak = of('concurrency')?.windows.reduce((best, w) => (w.throughputRps > best.throughputRps ? w : best));
    return [
      label,
      paper ? paper.window : '–',
      fmt(seconds, 3),
      fmt(seconds !== undefined && paper ? (seconds / (paper.label?.value ?? NaN)) * 1000 : undefined, 2),
      peak ? `${fmt(peak.throughputRps)} (${peak.window})` : '–',
      fmt(limit),
      peak ? `${fmt((peak.throughputRps / limit) * 100)}%` : '–',
    ];
  });
  const table = { id: 'bench', title: '', header: ['target', 'largest paper N', 'seconds (mean)', 'ms/request', 'peak req/s (level)', `engine batch-${BATCH} images/s`, 'peak / engine'], rows };
  process.stdout.write(`\n## Paper benchmark (${settings.engine}, ${settings.threads} thread(s))\n\n${markdownTable(table)}\n\nresults: ${run.runDir}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`paper-bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
