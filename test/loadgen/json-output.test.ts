/** The JSON output (`--out json=FILE`): k6's exact line shapes, gzip, stdout, failures, `--out` parsing. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Sample } from '../../loadgen/metrics/sample.ts';
import { formatRfc3339Nano, JsonOutput } from '../../loadgen/outputs/json-output.ts';
import { createOutput, UnknownOutputError } from '../../loadgen/outputs/output.ts';

// 2017-05-09T12:34:45.625Z plus 125 µs (a binary fraction of a millisecond, so exact to the nanosecond).
const T = Date.UTC(2017, 4, 9, 12, 34, 45, 625) + 0.125;

function withTz<R>(tz: string, fn: () => R): R {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

describe('json output', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'servebench-json-out-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('times are RFC 3339 with nanoseconds and the local zone, as Go writes them', () => {
    assert.equal(withTz('UTC', () => formatRfc3339Nano(T)), '2017-05-09T12:34:45.625125Z');
    assert.equal(withTz('Europe/Berlin', () => formatRfc3339Nano(T)), '2017-05-09T14:34:45.625125+02:00');
    assert.equal(withTz('America/St_Johns', () => formatRfc3339Nano(Date.UTC(2017, 0, 1, 3, 0, 0))), '2016-12-31T23:30:00-03:30');
    assert.equal(withTz('UTC', () => formatRfc3339Nano(Date.UTC(2020, 1, 29, 0, 0, 0, 100))), '2020-02-29T00:00:00.1Z');
    assert.equal(withTz('UTC', () => formatRfc3339Nano(Date.UTC(2020, 1, 29, 0, 0, 0, 999) + 0.9999999)), '2020-02-29T00:00:01Z');
  });

  test('a Metric line the first time a metric appears, then one Point line per sample', async () => {
    const file = join(dir, 'out.json');
    const warnings: string[] = [];
    const out = new JsonOutput(file, (m) => warnings.push(m));
    assert.equal(out.description, `json (${file})`);
    await out.start();
    out.addMetricDefs([{ name: 'my_trend', type: 'trend', contains: 'time' }]);
    const samples: Sample[] = [
      { metric: 'vus', time: T, value: 5, tags: {} },
      { metric: 'http_req_duration', time: T, value: 459.865729, tags: { url: 'http://127.0.0.1/get', method: 'GET', status: '200', group: '::my group::json' } },
      { metric: 'vus', time: T + 1000, value: 6, tags: {} },
    ];
    out.addSamples(samples);
    out.addSamples([{ metric: 'my_trend', time: T, value: 1.5, tags: { 'say "hi"': 'a\nb' } }]);
    const report = await out.stop();
    assert.deepEqual(report, { name: 'json', written: 4, dropped: 0, warnings: [] });
    const text = await readFile(file, 'utf8');
    assert.equal(
      text,
      [
        '{"type":"Metric","data":{"type":"gauge","contains":"default","tainted":null,"thresholds":[],"submetrics":null},"metric":"vus"}',
        `{"type":"Point","data":{"time":"${formatRfc3339Nano(T)}","value":5,"tags":null},"metric":"vus"}`,
        '{"type":"Metric","data":{"type":"trend","contains":"time","tainted":null,"thresholds":[],"submetrics":null},"metric":"http_req_duration"}',
        `{"type":"Point","data":{"time":"${formatRfc3339Nano(T)}","value":459.865729,"tags":{"group":"::my group::json","method":"GET","status":"200","url":"http://127.0.0.1/get"}},"metric":"http_req_duration"}`,
        `{"type":"Point","data":{"time":"${formatRfc3339Nano(T + 1000)}","value":6,"tags":null},"metric":"vus"}`,
        '{"type":"Metric","data":{"type":"trend","contains":"time","tainted":null,"thresholds":[],"submetrics":null},"metric":"my_trend"}',
        `{"type":"Point","data":{"time":"${formatRfc3339Nano(T)}","value":1.5,"tags":{"say \\"hi\\"":"a\\nb"}},"metric":"my_trend"}`,
        '',
      ].join('\n'),
    );
    for (const line of text.trim().split('\n')) JSON.parse(line);
    assert.deepEqual(warnings, []);
  });

  test('a metric nobody defined still gets its Metric line (type null) and one warning', async () => {
    const file = join(dir, 'undefined-metric.json');
    const warnings: string[] = [];
    const out = new JsonOutput(file, (m) => warnings.push(m));
    await out.start();
    out.addSamples([{ metric: 'mystery', time: T, value: 1, tags: {} }, { metric: 'mystery', time: T, value: 2, tags: {} }]);
    const report = await out.stop();
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines[0], { type: 'Metric', data: { type: null, contains: null, tainted: null, thresholds: [], submetrics: null }, metric: 'mystery' });
    assert.equal(lines.length, 3);
    assert.equal(report.written, 2);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /mystery/);
  });

  test('a .gz name is gzipped and reads back as the same lines; many samples arrive whole', async () => {
    const file = join(dir, 'out.gz');
    const out = new JsonOutput(file, () => {});
    await out.start();
    const total = 20_000;
    for (let i = 0; i < total; i += 1000) {
      out.addSamples(Array.from({ length: 1000 }, (_, j) => ({ metric: 'iterations', time: T + i + j, value: 1, tags: { scenario: 'default', vu: String(j % 7) } })));
      if (i % 5000 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const report = await out.stop();
    assert.deepEqual(report, { name: 'json', written: total, dropped: 0, warnings: [] });
    const raw = await readFile(file);
    assert.deepEqual([...raw.subarray(0, 2)], [0x1f, 0x8b]);
    const lines = gunzipSync(raw).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, total + 1);
    assert.equal(lines[0].type, 'Metric');
    assert.deepEqual(lines[1].data.tags, { scenario: 'default', vu: '0' });
    assert.equal(lines.filter((l) => l.type === 'Point').length, total);
  });

  test('`-` writes to stdout; a full buffer drops new samples and counts them', async () => {
    let text = '';
    const stdout = new Writable({
      write(chunk, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    });
    const warnings: string[] = [];
    const out = new JsonOutput('-', (m) => warnings.push(m), { stdout, maxBufferedBytes: 2000 });
    assert.equal(out.description, 'json (stdout)');
    await out.start();
    out.addSamples(Array.from({ length: 100 }, (_, i) => ({ metric: 'vus', time: T + i, value: i, tags: {} })));
    const report = await out.stop();
    const points = text.trim().split('\n').filter((l) => JSON.parse(l).type === 'Point').length;
    assert.ok(report.dropped > 0 && report.written > 0, JSON.stringify(report));
    assert.equal(report.written, points);
    assert.equal(report.written + report.dropped, 100);
    assert.equal(warnings.length, 1);
    out.addSamples([{ metric: 'vus', time: T, value: 1, tags: {} }]);
  });

  test('a file that cannot be opened fails start() with its name', async () => {
    const file = join(dir, 'no-such-dir', 'out.json');
    const out = new JsonOutput(file, () => {});
    await assert.rejects(out.start(), (err: Error) => err.message.includes(file));
    const report = await out.stop();
    assert.equal(report.written, 0);
  });

  test('createOutput parses k6 `--out` spellings and names the supported types for an unknown one', async () => {
    const warn = (): void => {};
    assert.equal(createOutput(`json=${join(dir, 'x.json')}`, {}, warn).description, `json (${join(dir, 'x.json')})`);
    assert.equal(createOutput('json', {}, warn).description, 'json (stdout)');
    assert.equal(createOutput('influxdb=http://127.0.0.1:8086/mydb', {}, warn).description, 'InfluxDBv1 (http://127.0.0.1:8086)');
    assert.equal(createOutput('influxdb', {}, warn).description, 'InfluxDBv1 (http://localhost:8086)');
    assert.throws(
      () => createOutput('csv=results.csv', {}, warn),
      (err: Error) => err instanceof UnknownOutputError && /'csv'/.test(err.message) && /json/.test(err.message) && /influxdb/.test(err.message),
    );
    assert.throws(() => createOutput('influxdb=ftp://127.0.0.1/db', {}, warn), /ftp/);
  });
});
