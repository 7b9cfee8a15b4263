/**
 * The nightly workflow's gate step, run for real (bash, the step's own script from
 * .github/workflows/nightly.yml) on one short real run: with no baseline committed it records one
 * and passes, saying "baseline recorded"; the next night it gates against that baseline.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { runCli } from './run-helpers.ts';

const WORKFLOW = fileURLToPath(new URL('../../.github/workflows/nightly.yml', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The gate step's script, read with PyYAML (the YAML parser this machine has: docker-compose's). */
async function gateScript(): Promise<string> {
  const py = `import sys, yaml, json; steps = yaml.safe_load(open(sys.argv[1]))['jobs']['nightly']['steps']; print(json.dumps([s for s in steps if s.get('id') == 'gate'][0]))`;
  const { stdout } = await promisify(execFile)('python3', ['-c', py, WORKFLOW]);
  const step = JSON.parse(stdout) as { run: string; if: string };
  assert.match(step.if, /!inputs\.update-baseline/);
  return step.run;
}

function runStep(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: env.WORK, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('first night: no baseline -> "baseline recorded", exit 0; next night: gated against it', { timeout: 60_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'sb-nightly-'));
  const prefix = 'nightly-1-1';
  const run = await runCli(['run', '--targets', 'null', '--profiles', 'concurrency', '--levels', '1,2', '--step-duration', '1s', '--warmup', '1s', '--out', join(work, 'results'), '--run-id', `${prefix}-1`]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const script = (await gateScript()).replaceAll('node bin/servebench.js', `node ${join(REPO, 'bin/servebench.js')}`);
  const output = join(work, 'github-output');
  writeFileSync(output, '');
  const env = { WORK: work, RUNS: '1', RUN_PREFIX: prefix, BASELINE: 'baselines/nightly.json', GITHUB_OUTPUT: output };

  const first = await runStep(script, env);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  assert.match(first.stdout, /::notice title=baseline recorded::No baselines\/nightly\.json/);
  assert.match(readFileSync(output, 'utf8'), /^recorded=true$/m);
  assert.match(readFileSync(join(work, 'results/gate-summary.md'), 'utf8'), /^## Baseline recorded/);
  const baseline = JSON.parse(readFileSync(join(work, 'baselines/nightly.json'), 'utf8')) as { kind: string; sourceRunIds: string[] };
  assert.deepEqual([baseline.kind, baseline.sourceRunIds], ['servebench-baseline', [`${prefix}-1`]]);

  writeFileSync(output, '');
  const second = await runStep(script, env);
  assert.equal(second.code, 0, second.stdout + second.stderr); // the same run against itself: no regression
  assert.equal(readFileSync(output, 'utf8'), '', 'a gated night records nothing');
  assert.doesNotMatch(readFileSync(join(work, 'results/gate-summary.md'), 'utf8'), /Baseline recorded/);
  assert.ok(existsSync(join(work, 'results/gate-junit.xml')), 'the gate ran and wrote JUnit');
});
