/**
 * `servebench run --runtime docker` end to end on a real Docker engine (started here on its own
 * socket): the runner starts the target as a host-network container of a LOCALLY IMPORTED BASE
 * image (this machine's node + libraries, the repo mounted at /app — no registry), k6 measures
 * it on 127.0.0.1, the Docker stats become the report's resource samples, and no container is
 * left behind.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RUNTIME_LABEL } from '../../runner/runtimes/docker-runtime.ts';
import { startDockerd, type RunningDockerd } from '../helpers/dockerd.ts';
import { importLocalBaseImage, REPO_DIR } from '../helpers/local-base-image.ts';
import { runCli, tempResults } from '../runner/run-helpers.ts';

let dockerd: RunningDockerd;
let image: string;

before(async () => {
  dockerd = await startDockerd();
  image = await importLocalBaseImage(dockerd.docker);
});
after(() => dockerd?.stop());

test('servebench run --runtime docker measures a container target and removes it', async () => {
  const out = tempResults();
  const r = await runCli([
    'run', '--runtime', 'docker', '--image', image, '--docker-socket', dockerd.socketPath, '--docker-mount', `${REPO_DIR}:/app:ro`,
    '--limit-cpus', '1', '--limit-memory', '1024',
    '--targets', 'fastify', '--profiles', 'smoke', '--duration', '2s', '--out', out, '--run-id', 'docker-run',
  ]);
  assert.equal(r.code, 0, r.stderr + r.stdout.slice(-3000));
  const report = JSON.parse(readFileSync(join(out, 'docker-run', 'report.json'), 'utf8'));
  const result = report.results[0];
  assert.equal(result.status, 'ok');
  assert.ok(result.windows[0].requests > 0);
  assert.equal(result.windows[0].checkRate, 1, 'every answer from the container judged right');
  assert.ok(result.resources.samples > 0 && result.resources.rssMbMean > 0, `resource samples from Docker stats: ${JSON.stringify(result.resources)}`);
  const left = await dockerd.docker.listContainers({ all: true, filters: { label: [RUNTIME_LABEL] } });
  assert.deepEqual(left, [], 'no container left behind');
});
