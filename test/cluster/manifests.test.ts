/**
 * `servebench cluster`: manifests for N = 1, 3, 10 (both engines) pass JSON Schemas written from
 * the Kubernetes (v1 ConfigMap, batch/v1 Job) and k6-operator (k6.io/v1alpha1 TestRun) API
 * references, checked with ajv; the Job splits the test as the engine expects; the YAML reads
 * back as the same objects; bad parallelism or a missing script is refused clearly.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { clusterManifests } from '../../runner/cluster/cluster-command.ts';
import { ClusterError, parseClusterOptions } from '../../runner/cluster/cluster-options.ts';
import { segmentSequence } from '../../runner/cluster/indexed-job.ts';
import { toYaml } from '../../runner/cluster/yaml-text.ts';
import { parseExecutionSegment, parseExecutionSegmentSequence } from '../../loadgen/segments/execution-segment.ts';

const SCRIPT = fileURLToPath(new URL('./fixtures/split-http.js', import.meta.url));
const SCHEMAS = fileURLToPath(new URL('./schemas/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const ajv = new Ajv2020({ allErrors: true, strictSchema: true, strictTypes: false });
for (const f of readdirSync(SCHEMAS)) ajv.addSchema(JSON.parse(readFileSync(`${SCHEMAS}${f}`, 'utf8')));
const SCHEMA_OF: Record<string, string> = { ConfigMap: 'configmap.schema.json', Job: 'job.schema.json', TestRun: 'testrun.schema.json' };

function assertValid(doc: Record<string, unknown>): void {
  const validate = ajv.getSchema(SCHEMA_OF[doc.kind as string])!;
  assert.ok(validate, `no schema for ${String(doc.kind)}`);
  assert.ok(validate(doc), `${String(doc.kind)} invalid: ${ajv.errorsText(validate.errors)}`);
}

const argsFor = (n: number | string, extra: string[] = []) => [SCRIPT, `--instances=${n}`, '--target', 'http://target.default.svc:8080', '--influxdb', 'http://influxdb:8086/k6', ...extra];

for (const n of [1, 3, 10]) {
  test(`N = ${n}: ConfigMap, Indexed Job and TestRun pass their schemas and split the test in ${n}`, async () => {
    const o = parseClusterOptions(argsFor(n, ['--separate', '-e', 'SCENARIOS={"s":{"executor":"shared-iterations","vus":2,"iterations":10}}']));
    const docs = (await clusterManifests(o)) as any[];
    assert.deepEqual(docs.map((d) => d.kind), ['ConfigMap', 'Job', 'TestRun']);
    for (const d of docs) assertValid(d);
    const [cm, job, tr] = docs;
    const file = Object.keys(cm.data)[0];
    assert.match(cm.data[file], /k6\/http/, 'the bundled scenario keeps k6 imports external');
    assert.deepEqual([job.spec.completionMode, job.spec.completions, job.spec.parallelism, job.spec.backoffLimit], ['Indexed', n, n, 0]);
    const pod = job.spec.template.spec;
    assert.equal(pod.containers[0].image, 'servebench/targets:local');
    assert.equal(pod.volumes[0].configMap.name, cm.metadata.name);
    const cmd: string = pod.containers[0].args[0];
    assert.match(cmd, /^exec node bin\/servebench\.js load /);
    assert.ok(cmd.includes(`--execution-segment-sequence '${segmentSequence(n)}'`), cmd);
    assert.ok(cmd.includes('--tag "instance_id=$JOB_COMPLETION_INDEX"'), cmd);
    assert.ok(cmd.includes(`--start-at '${new Date(o.startAt).toISOString()}'`), cmd);
    assert.ok(cmd.includes("--out 'influxdb=http://influxdb:8086/k6'"), cmd);
    // What the pods' shell makes of the segment: i/N:(i+1)/N, each one of the sequence's intervals.
    const seq = parseExecutionSegmentSequence(segmentSequence(n));
    for (let i = 0; i < n; i++) {
      const r = spawnSync('sh', ['-c', `printf %s "$JOB_COMPLETION_INDEX/${n}:$((JOB_COMPLETION_INDEX + 1))/${n}"`], { env: { JOB_COMPLETION_INDEX: String(i) }, encoding: 'utf8' });
      const seg = parseExecutionSegment(r.stdout);
      assert.equal(seg.from.cmp(seq[i]), 0, `pod ${i} from`);
      assert.equal(seg.to.cmp(seq[i + 1]), 0, `pod ${i} to`);
    }
    assert.deepEqual(tr.spec.script, { configMap: { name: cm.metadata.name, file } });
    assert.equal(tr.spec.parallelism, n);
    assert.equal(tr.spec.separate, true);
    assert.equal(tr.spec.runner.image, 'grafana/k6:latest');
    assert.ok(tr.spec.args.includes('influxdb=http://influxdb:8086/k6') && tr.spec.args.includes(`testrun=${o.testrun}`), 'JSON env needs exact argv');
  });
}

test('simple values go in k6-operator `arguments` (one space-separated string)', async () => {
  const docs = (await clusterManifests(parseClusterOptions(argsFor(3, ['--engine', 'k6', '--testrun', 'nightly-42'])))) as any[];
  assert.deepEqual(docs.map((d) => d.kind), ['ConfigMap', 'TestRun']);
  for (const d of docs) assertValid(d);
  assert.equal(docs[1].spec.arguments, '--out influxdb=http://influxdb:8086/k6 --tag testrun=nightly-42 -e BASE_URL=http://target.default.svc:8080');
});

test('the schemas reject what Kubernetes would: Indexed Job without completions, bad restartPolicy, TestRun without script, unknown spec field', async () => {
  const [, job, tr] = (await clusterManifests(parseClusterOptions(argsFor(3)))) as any[];
  const bad = (d: any, edit: (x: any) => void) => {
    const copy = structuredClone(d);
    edit(copy);
    return ajv.getSchema(SCHEMA_OF[copy.kind])!(copy);
  };
  assert.equal(bad(job, (j) => delete j.spec.completions), false);
  assert.equal(bad(job, (j) => (j.spec.template.spec.restartPolicy = 'Always')), false);
  assert.equal(bad(job, (j) => (j.spec.parallelism = 1.5)), false);
  assert.equal(bad(tr, (t) => delete t.spec.script), false);
  assert.equal(bad(tr, (t) => (t.spec.paralelism = 3)), false);
  assert.equal(bad(tr, (t) => (t.spec.quiet = true)), false, 'quiet is a string in the CRD');
});

test('YAML output reads back as the same objects (PyYAML, when present)', async (t) => {
  const docs = await clusterManifests(parseClusterOptions(argsFor(3, ['-e', 'SCENARIOS={"s": {"executor": "shared-iterations"}}'])));
  const probe = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
  if (probe.status !== 0) return t.skip('python3 with PyYAML not installed');
  const r = spawnSync('python3', ['-c', 'import sys, yaml, json; print(json.dumps(list(yaml.safe_load_all(sys.stdin))))'], { input: toYaml(docs), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), docs);
});

test('wrong parallelism, a missing script or a past start time is refused with a clear error', () => {
  for (const n of ['0', '-1', '1.5', 'three', '100001']) {
    assert.throws(() => parseClusterOptions(argsFor(n)), (e: Error) => e instanceof ClusterError && /--instances .*whole number from 1/.test(e.message), `--instances ${n}`);
  }
  assert.throws(() => parseClusterOptions(['--target', 'x', '--instances', '2']), /no script given/);
  assert.throws(() => parseClusterOptions(['/nonexistent/script.js', '--target', 'x', '--instances', '2']), /script \/nonexistent\/script\.js not found/);
  assert.throws(() => parseClusterOptions([SCRIPT, '--instances', '2']), /--target URL is required/);
  assert.throws(() => parseClusterOptions([...argsFor(2), '--start-at', '2020-01-01T00:00:00Z']), /in the past/);
  const cli = spawnSync(process.execPath, [`${ROOT}bin/servebench.js`, 'cluster', SCRIPT, '--instances', '0', '--target', 'x'], { encoding: 'utf8' });
  assert.equal(cli.status, 2);
  assert.match(cli.stderr, /servebench cluster: --instances 0: expected a whole number/);
});
