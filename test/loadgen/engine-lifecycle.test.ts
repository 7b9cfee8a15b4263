/**
 * End to end, through `servebench load`: a k6 test's life cycle as k6 documents it. Init code per
 * VU (module state isolated), setup() → every iteration → teardown() data flow, SharedArray built
 * once, open() of text and binary files next to the script, blocking and async scripts, group and
 * check results in handleSummary's root_group, handleSummary's files, and the exit codes: 108 for
 * exec.test.abort(), 107 for an init exception or an unsupported module, 104 for an unsupported
 * option or a bad flag, 105 (summary still written) for SIGINT.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { describe as describeRun, EXIT, FIXTURES, fixture, pointsOf, runEngine, startTarget, type EngineRun, type Target } from './helpers/run-engine.ts';

let target: Target;
before(async () => {
  target = await startTarget();
});
after(() => target.close());

interface Check { name: string; path: string; passes: number; fails: number }
interface Group { name: string; path: string; groups: Group[]; checks: Check[] }
interface Summary {
  root_group: Group;
  metrics: Record<string, { type: string; values: Record<string, number> }>;
  state: { testRunDurationMs: number };
}

const summaryOf = (r: EngineRun): Summary => {
  assert.ok(r.files['summary.json'], `handleSummary wrote no summary.json\n${describeRun(r)}`);
  return JSON.parse(r.files['summary.json']) as Summary;
};
const allChecks = (g: Group): Check[] => [...g.checks, ...g.groups.flatMap(allChecks)];
const checksOf = (s: Summary) => Object.fromEntries(allChecks(s.root_group).map((c) => [c.name, { passes: c.passes, fails: c.fails }]));
const requestsTo = (path: string) => target.requests.filter((q) => q.url.split('?')[0] === path);

for (const mode of ['thread', 'shared'] as const) {
  test(`VU isolation (--vu-mode ${mode}): a module-level counter and globalThis are per VU`, async () => {
    const r = await runEngine(fixture('isolation'), { json: true, args: ['--vu-mode', mode] });
    assert.equal(r.code, EXIT.ok, describeRun(r));
    const seen = pointsOf(r, 'seen');
    assert.equal(seen.length, 9);
    const byVu = new Map<string, string[]>();
    for (const p of seen) byVu.set(p.data.tags!.vu_id, [...(byVu.get(p.data.tags!.vu_id) ?? []), `${p.data.tags!.n}/${p.data.tags!.g}`]);
    assert.deepEqual([...byVu.keys()].sort(), ['1', '2', '3']);
    for (const [vu, ns] of byVu) assert.deepEqual(ns.sort(), ['1/1', '2/2', '3/3'], `VU ${vu} counts only its own iterations`);
  });
}

test('a VU reused by a later scenario: exec.vu.iterationInInstance counts on, iterationInScenario and __ITER start again', async () => {
  const r = await runEngine(fixture('vu-iterations'), { json: true });
  assert.equal(r.code, EXIT.ok, describeRun(r));
  const seen = pointsOf(r, 'seen').map((p) => p.data.tags!);
  assert.equal(new Set(seen.map((t) => t.vu)).size, 1, 'scenario b reuses the VU of scenario a (a ends before b starts)');
  const byScenario = (s: string) => seen.filter((t) => t.scenario === s).map((t) => `${t.inst}/${t.scen}/${t.iter}`);
  assert.deepEqual(byScenario('a'), ['0/0/0', '1/1/1']);
  assert.deepEqual(byScenario('b'), ['2/0/0', '3/1/1', '4/2/2']);
});

test('the progress line counts interrupted iterations; its final state is printed even for a short test', async () => {
  const r = await runEngine(fixture('interrupted'), { quiet: false });
  assert.equal(r.code, EXIT.ok, describeRun(r));
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('running ('));
  assert.ok(lines.length >= 1, r.stderr);
  assert.match(lines[lines.length - 1], /, 0 complete and 2 interrupted iterations$/);
});

test('setup() runs once; its return value reaches every iteration and teardown()', async () => {
  const before = target.requests.length;
  const r = await runEngine(fixture('setup-teardown'), { vars: { TARGET: target.url } });
  assert.equal(r.code, EXIT.ok, describeRun(r));
  const mine = target.requests.slice(before);
  assert.equal(mine.filter((q) => q.url === '/setup').length, 1, 'setup ran once');
  const teardowns = mine.filter((q) => q.url === '/teardown');
  assert.equal(teardowns.length, 1, 'teardown ran once');
  assert.deepEqual(JSON.parse(teardowns[0].body), { token: 'tok-42', nested: { list: [1, 2, 3] }, vuInSetup: 0 });
  assert.ok(mine.indexOf(teardowns[0]) > mine.findIndex((q) => q.url === '/setup'));
  const checks = checksOf(summaryOf(r));
  assert.deepEqual(checks['setup data arrived'], { passes: 6, fails: 0 });
  assert.deepEqual(checks['setup ran in VU 0'], { passes: 6, fails: 0 });
  assert.deepEqual(checks['iterations run in VUs 1..2'], { passes: 6, fails: 0 });
});

test('SharedArray is built once for the whole test; open() reads text and binary files relative to the script', async () => {
  const before = target.requests.length;
  const r = await runEngine(fixture('files'), { vars: { TARGET: target.url } });
  assert.equal(r.code, EXIT.ok, describeRun(r));
  assert.equal(r.stderr.split('BUILDING-SHARED-ARRAY').length - 1, 1, `the builder ran more than once (3 VUs):\n${r.stderr}`);
  const checks = checksOf(summaryOf(r));
  for (const name of ['shared array has the 3 rows', 'shared array is read-only', 'text file read', 'binary file read']) {
    assert.deepEqual(checks[name], { passes: 6, fails: 0 }, name);
  }
  const blobs = target.requests.slice(before).filter((q) => q.url === '/blob');
  assert.equal(blobs.length, 6);
  const expected = readFileSync(join(FIXTURES, 'data', 'blob.bin'));
  for (const b of blobs) assert.ok(b.raw.equals(expected), `the binary body arrived byte for byte: ${b.raw.toString('hex')}`);
});

test('a blocking script (http.get, http.post, sleep) and an async one (async function, http.asyncRequest) both run', async () => {
  const before = target.requests.length;
  const [blocking, async] = [await runEngine(fixture('blocking'), { vars: { TARGET: target.url } }), await runEngine(fixture('async'), { vars: { TARGET: target.url } })];
  for (const r of [blocking, async]) assert.equal(r.code, EXIT.ok, describeRun(r));
  const mine = target.requests.slice(before);
  assert.equal(mine.filter((q) => q.url === '/get').length, 6, 'blocking: 6 GETs');
  assert.equal(mine.filter((q) => q.url === '/get?delay=50').length, 6, 'async: 6 GETs');
  assert.equal(mine.filter((q) => q.url === '/post').length, 12 + 12);
  const b = summaryOf(blocking);
  assert.deepEqual(checksOf(b), { 'GET 200': { passes: 6, fails: 0 }, 'POST echoed': { passes: 6, fails: 0 }, 'large POST echoed': { passes: 6, fails: 0 } });
  assert.ok(b.metrics.iteration_duration.values.min >= 195, `sleep(0.2) blocks the iteration (min ${b.metrics.iteration_duration.values.min} ms)`);
  assert.equal(b.metrics.http_reqs.values.count, 18);
  const a = summaryOf(async);
  assert.deepEqual(checksOf(a), { 'GET 200': { passes: 6, fails: 0 }, 'both POSTs echoed': { passes: 6, fails: 0 } });
  assert.ok(a.metrics.iteration_duration.values.min >= 45, `the iteration awaited its requests (min ${a.metrics.iteration_duration.values.min} ms)`);
  assert.equal(a.metrics.http_reqs.values.count, 18);
  assert.equal(a.metrics.iterations.values.count, 6);
});

test('group() and check() results land in root_group; handleSummary writes stdout, absolute and relative paths', async () => {
  const r = await runEngine(fixture('groups'));
  assert.equal(r.code, EXIT.ok, describeRun(r));
  const s = summaryOf(r);
  const root = s.root_group;
  assert.equal(root.name, '');
  assert.equal(root.path, '');
  assert.deepEqual(root.checks.map((c) => [c.name, c.path, c.passes, c.fails]), [['top level', '::top level', 2, 0]]);
  assert.equal(root.groups.length, 1);
  const login = root.groups[0];
  assert.deepEqual([login.name, login.path], ['login', '::login']);
  assert.deepEqual(login.checks.map((c) => [c.name, c.path, c.passes, c.fails]), [['one is one', '::login::one is one', 2, 0]]);
  const inner = login.groups[0];
  assert.deepEqual([inner.name, inner.path], ['inner', '::login::inner']);
  assert.deepEqual(
    inner.checks.map((c) => [c.name, c.path, c.passes, c.fails]),
    [['zero is falsy', '::login::inner::zero is falsy', 2, 0], ['zero is one', '::login::inner::zero is one', 0, 2]],
  );
  assert.deepEqual([s.metrics.checks.values.passes, s.metrics.checks.values.fails], [6, 2]);
  assert.ok(Math.abs(s.metrics.checks.values.rate - 0.75) < 1e-9);
  // handleSummary's files: stdout instead of the text summary, and a path relative to the cwd.
  assert.equal(r.stdout, 'HANDLE-SUMMARY-STDOUT\n');
  assert.equal(r.files['relative/dir/summary.txt'], 'checks: 6 passed\n');
});

test('exec.test.abort() stops the test early with exit code 108; teardown and the summary still run', async () => {
  const before = target.requests.length;
  const r = await runEngine(fixture('abort'), { vars: { TARGET: target.url } });
  assert.equal(r.code, EXIT.scriptAborted, describeRun(r));
  assert.match(r.stderr, /enough of this/);
  const s = summaryOf(r);
  assert.ok(s.state.testRunDurationMs < 5000, `aborted after ${s.state.testRunDurationMs} ms of a 30 s test`);
  assert.equal(s.metrics.iterations.values.count, 2, 'the two iterations before the abort');
  assert.equal(target.requests.slice(before).filter((q) => q.url === '/teardown').length, 1, 'teardown ran');
});

test('an exception in the init code exits 107 with its message', async () => {
  const r = await runEngine(fixture('init-throws'));
  assert.equal(r.code, EXIT.scriptException, describeRun(r));
  assert.match(r.stderr, /init exploded on purpose/);
});

test('an unsupported module (k6/ws) exits 107 naming the module and saying to run the script with k6', async () => {
  const r = await runEngine(fixture('unsupported-module'));
  assert.equal(r.code, EXIT.scriptException, describeRun(r));
  assert.match(r.stderr, /"k6\/ws"/);
  assert.match(r.stderr, /with k6\b/);
});

test('an unsupported option exits 104 naming it', async () => {
  const r = await runEngine(fixture('unsupported-option'));
  assert.equal(r.code, EXIT.invalidConfig, describeRun(r));
  assert.match(r.stderr, /"hosts"/);
});

test('a bad flag or flag value exits 104', async () => {
  for (const args of [['--no-such-flag'], ['--vus', 'many'], ['--vu-mode', 'sideways']]) {
    const r = await runEngine(fixture('isolation'), { args });
    assert.equal(r.code, EXIT.invalidConfig, `${args.join(' ')}: ${describeRun(r)}`);
    assert.match(r.stderr, new RegExp(args[0]));
  }
  const r = await runEngine(fixture('isolation'), { args: [fixture('groups')] });
  assert.equal(r.code, EXIT.invalidConfig, `two scripts: ${describeRun(r)}`);
});

test('SIGINT mid-run: the test stops, the summary is still written, exit code 105', async () => {
  let sentAt = 0;
  const r = await runEngine(fixture('long-run'), {
    onSpawn(child) {
      let seen = '';
      child.stderr!.on('data', (d: Buffer | string) => {
        seen += String(d);
        if (!sentAt && seen.includes('LONG-RUN-STARTED')) {
          sentAt = Date.now();
          setTimeout(() => child.kill('SIGINT'), 500);
        }
      });
    },
  });
  assert.ok(sentAt, `the run never started:\n${describeRun(r)}`);
  assert.equal(r.code, EXIT.externalAbort, describeRun(r));
  const s = summaryOf(r);
  assert.ok(s.state.testRunDurationMs >= 400 && s.state.testRunDurationMs < 5000, `stopped after ${s.state.testRunDurationMs} ms of a 30 s test`);
  assert.ok(s.metrics.iterations.values.count >= 3, 'the iterations before the interrupt are in the summary');
});
