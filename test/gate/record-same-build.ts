/**
 * Records the fixture of the gate's false-positive test: several runs of the SAME build of a
 * real fastify target (measure-run.ts, repetitions interleaved), kept as per-repetition figures,
 * so the test replays real run-to-run noise deterministically instead of measuring it anew.
 *
 *   npx tsx test/gate/record-same-build.ts        # writes test/gate/fixtures/same-build-runs.json
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureRuns, type MeasurePlan } from './measure-run.ts';
import { SAME_BUILD_FIXTURE, type Figures, type SameBuildFixture } from './same-build-fixture.ts';

const RUNS = 5;
const PLAN: MeasurePlan = { target: 'fastify', repetitions: 16, repetitionMs: 200, warmupMs: 600, concurrency: 2 };

async function main(): Promise<void> {
  await measureRuns([{ runId: 'jit-warmup', delayMs: 0 }], { ...PLAN, repetitions: 1 }); // the first run in a process is colder
  const reports = await measureRuns(Array.from({ length: RUNS }, (_, i) => ({ runId: `same-${i + 1}`, delayMs: 0 })), PLAN);
  const fixture: SameBuildFixture = {
    note: 'Same build, same machine, runs interleaved repetition by repetition; written by test/gate/record-same-build.ts.',
    recorded: { at: new Date().toISOString(), cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version },
    plan: PLAN,
    window: reports[0].results[0].windows[0].window,
    runs: reports.map((r) => ({
      runId: r.runId,
      repetitions: ((r.results[0].windows[0].repetitions ?? []) as Figures[]).map((x) => ({ p50: round(x.p50), p95: round(x.p95), p99: round(x.p99), throughputRps: round(x.throughputRps) })),
    })),
  };
  writeFileSync(SAME_BUILD_FIXTURE, `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(`wrote ${SAME_BUILD_FIXTURE}`);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
