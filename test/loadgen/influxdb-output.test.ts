/**
 * The InfluxDB v1 output: config parsing and line protocol as units; then against a real influxd
 * (points, tags-as-fields, escaping, the created database, the queue cap, influxd going away), an
 * unreachable address, and small local fake servers (named below) for concurrency, HTTP errors,
 * timeouts and the stop deadline.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Sample } from '../../loadgen/metrics/sample.ts';
import { formatTimestamp, LineFormatter, parseTagsAsFields } from '../../loadgen/outputs/influx-line-protocol.ts';
import { InfluxDBOutput, parseInfluxDBConfig, type InfluxDBOutputOptions } from '../../loadgen/outputs/influxdb-output.ts';
import { createOutput } from '../../loadgen/outputs/output.ts';
import { freePort } from '../../runner/runtimes/free-port.ts';
import { startInfluxd, type Influxd } from '../helpers/influxd.ts';

const T = Date.UTC(2024, 0, 2, 3, 4, 5, 678) + 0.125; // 125 µs past the millisecond, exact in binary
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function output(arg: string, env: Record<string, string> = {}, options: InfluxDBOutputOptions = {}) {
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  return { out: new InfluxDBOutput(parseInfluxDBConfig(arg, env, warn), warn, options), warnings };
}

function samples(n: number, metric = 'iterations', from = 0): Sample[] {
  return Array.from({ length: n }, (_, i) => ({ metric, time: T + (from + i) * 1000, value: from + i, tags: { scenario: 'default' } }));
}

type Row = Record<string, unknown>;
async function influxql(url: string, db: string, q: string, epoch?: string): Promise<{ name: string; rows: Row[] }[]> {
  const res = await fetch(`${url}/query?db=${encodeURIComponent(db)}${epoch ? `&epoch=${epoch}` : ''}&q=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { results: { series?: { name: string; columns: string[]; values: unknown[][] }[]; error?: string }[] };
  if (body.results[0].error) throw new Error(body.results[0].error);
  return (body.results[0].series ?? []).map((s) => ({ name: s.name, rows: s.values.map((v) => Object.fromEntries(s.columns.map((c, i) => [c, v[i]]))) }));
}
const column = async (url: string, db: string, q: string, col: string) => (await influxql(url, db, q)).flatMap((s) => s.rows.map((r) => r[col]));

describe('influxdb config and line protocol', () => {
  test('URL, env and URL parameters, in k6 order (defaults < env < URL)', () => {
    const warnings: string[] = [];
    const c = parseInfluxDBConfig('http://u:p%40ss@127.0.0.1:8086/mydb', {}, (m) => warnings.push(m));
    assert.deepEqual(c, {
      addr: 'http://127.0.0.1:8086', db: 'mydb', username: 'u', password: 'p@ss', precision: 'ns', insecure: false,
      pushIntervalMs: 1000, concurrentWrites: 4, payloadSize: 10_000,
      tagsAsFields: [{ name: 'vu', type: 'int' }, { name: 'iter', type: 'int' }, { name: 'url', type: 'string' }],
    });
    assert.equal(parseInfluxDBConfig('http://127.0.0.1:8086', {}, () => {}).db, 'k6');
    const prefixed = parseInfluxDBConfig('https://127.0.0.1:8443/influxdb/myk6db/', {}, () => {});
    assert.deepEqual([prefixed.addr, prefixed.db], ['https://127.0.0.1:8443/influxdb', 'myk6db']);
    const env = {
      K6_INFLUXDB_USERNAME: 'envuser', K6_INFLUXDB_PASSWORD: 'envpass', K6_INFLUXDB_PUSH_INTERVAL: '250ms', K6_INFLUXDB_CONCURRENT_WRITES: '8',
      K6_INFLUXDB_TAGS_AS_FIELDS: 'vu:int,ratio:float,ok:bool', K6_INFLUXDB_PRECISION: 'ms', K6_INFLUXDB_INSECURE: 'true',
      K6_INFLUXDB_RETENTION: 'week', K6_INFLUXDB_CONSISTENCY: 'any', K6_INFLUXDB_PAYLOAD_SIZE: '500',
    };
    const fromEnv = parseInfluxDBConfig('http://127.0.0.1:8086/db', env, () => {});
    assert.deepEqual(
      [fromEnv.username, fromEnv.password, fromEnv.pushIntervalMs, fromEnv.concurrentWrites, fromEnv.precision, fromEnv.insecure, fromEnv.retention, fromEnv.consistency, fromEnv.payloadSize],
      ['envuser', 'envpass', 250, 8, 'ms', true, 'week', 'any', 500],
    );
    assert.deepEqual(fromEnv.tagsAsFields.map((f) => `${f.name}:${f.type}`), ['vu:int', 'ratio:float', 'ok:bool']);
    const url = parseInfluxDBConfig('http://a:b@127.0.0.1:8086/db?precision=s&pushInterval=2s&concurrentWrites=2&tagsAsFields=vu:int&tagsAsFields=url&insecure=false&bogus=1', env, (m) => warnings.push(m));
    assert.deepEqual([url.username, url.precision, url.pushIntervalMs, url.concurrentWrites, url.insecure], ['a', 's', 2000, 2, false]);
    assert.deepEqual(url.tagsAsFields.map((f) => f.name), ['vu', 'url']);
    assert.deepEqual(parseInfluxDBConfig('http://127.0.0.1:8086/db?tagsAsFields=', env, () => {}).tagsAsFields, []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /bogus/);
    for (const [name, value] of [['CONCURRENT_WRITES', '0'], ['PRECISION', 'xs'], ['TAGS_AS_FIELDS', 'vu:integer'], ['INSECURE', 'maybe'], ['PUSH_INTERVAL', 'soon']]) {
      assert.throws(() => parseInfluxDBConfig('http://127.0.0.1:8086/db', { [`K6_INFLUXDB_${name}`]: value }, () => {}), new RegExp(value), name);
    }
    assert.throws(() => createOutput('influxdb=not a url', {}, () => {}), /not a URL/);
  });

  test('timestamps in every precision, truncated', () => {
    assert.equal(formatTimestamp(T, 'ns'), `${Math.floor(T)}125000`);
    assert.equal(formatTimestamp(T, 'u'), `${Math.floor(T)}125`);
    assert.equal(formatTimestamp(T, 'ms'), String(Math.floor(T)));
    assert.equal(formatTimestamp(T, 's'), String(Math.floor(T / 1000)));
    assert.equal(formatTimestamp(T, 'm'), String(Math.floor(T / 60_000)));
    assert.equal(formatTimestamp(T, 'h'), String(Math.floor(T / 3_600_000)));
  });

  test('one point per sample: escaped measurement and tags, typed tags-as-fields, value as float', () => {
    const f = new LineFormatter(parseTagsAsFields('vu:int,iter:int,url,ratio:float,ok:bool'), 'ms');
    const bad: string[] = [];
    const line = f.format(
      {
        metric: 'my metric,x',
        time: T,
        value: 2,
        tags: { 'k,e=y': 'v a,l=ue', vu: '3', iter: '+4', url: 'http://h/?q="a\\b"', ratio: '0.5', ok: 'T', empty: '', trail: 'end\\', nl: 'a\nb', bad: 'x' },
      },
      (tag) => bad.push(tag),
    );
    assert.equal(line, `my\\ metric\\,x,bad=x,k\\,e\\=y=v\\ a\\,l\\=ue,nl=a\\nb,trail=end value=2,iter=4i,ok=true,ratio=0.5,url="http://h/?q=\\"a\\\\b\\"",vu=3i ${Math.floor(T)}`);
    f.format({ metric: 'm', time: T, value: 1, tags: { vu: 'seven' } }, (tag) => bad.push(tag));
    assert.deepEqual(bad, ['vu']);
    assert.throws(() => f.format({ metric: 'm', time: T, value: Number.NaN, tags: {} }, () => {}), /NaN/);
  });
});

describe('influxdb output against a real influxd', () => {
  let influxd: Influxd;
  before(async () => {
    influxd = await startInfluxd();
  });
  after(async () => {
    await influxd?.stop();
  });

  test('creates the database; measurements, tags and fields as k6 writes them', async () => {
    const { out, warnings } = output(`${influxd.url}/k6out`, {}, {});
    assert.equal(out.description, `InfluxDBv1 (${influxd.url})`);
    await out.start();
    assert.ok((await column(influxd.url, 'k6out', 'SHOW DATABASES', 'name')).includes('k6out'));
    const url = 'http://127.0.0.1:1/predict?x=1,2';
    out.addSamples([
      { metric: 'http_req_duration', time: T, value: 12.5, tags: { method: 'POST', status: '200', url, name: url, vu: '3', iter: '7', scenario: 'default', expected_response: 'true', group: '' } },
      { metric: 'vus', time: T, value: 2, tags: {} },
      { metric: 'checks', time: T + 1, value: 1, tags: { check: 'status is 200', vu: '1', iter: '0', scenario: 'default' } },
    ]);
    const report = await out.stop();
    assert.deepEqual(report, { name: 'influxdb', written: 3, dropped: 0, warnings: [] });
    assert.deepEqual(warnings, []);
    const db = 'k6out';
    assert.deepEqual(await column(influxd.url, db, 'SHOW MEASUREMENTS', 'name'), ['checks', 'http_req_duration', 'vus']);
    const fields = (await influxql(influxd.url, db, 'SHOW FIELD KEYS FROM "http_req_duration"'))[0].rows.map((r) => `${r.fieldKey}:${r.fieldType}`);
    assert.deepEqual(fields, ['iter:integer', 'url:string', 'value:float', 'vu:integer']);
    assert.deepEqual(await column(influxd.url, db, 'SHOW TAG KEYS FROM "http_req_duration"', 'tagKey'), ['expected_response', 'method', 'name', 'scenario', 'status']);
    const [row] = (await influxql(influxd.url, db, 'SELECT * FROM "http_req_duration"'))[0].rows;
    assert.deepEqual(row, { time: '2024-01-02T03:04:05.678125Z', expected_response: 'true', iter: 7, method: 'POST', name: url, scenario: 'default', status: '200', url, value: 12.5, vu: 3 });
    assert.deepEqual((await influxql(influxd.url, db, 'SELECT * FROM "vus"'))[0].rows, [{ time: '2024-01-02T03:04:05.678125Z', value: 2 }]);
    assert.deepEqual((await influxql(influxd.url, db, 'SHOW FIELD KEYS FROM "vus"'))[0].rows, [{ fieldKey: 'value', fieldType: 'float' }]);
  });

  test('custom tags-as-fields (int, float, bool, string) and second precision; a bad int is left out with one warning', async () => {
    const env = { K6_INFLUXDB_TAGS_AS_FIELDS: 'vu:int,ratio:float,ok:bool,status', K6_INFLUXDB_PUSH_INTERVAL: '50ms' };
    const { out, warnings } = output(`${influxd.url}/typed?precision=s`, env);
    await out.start();
    out.addSamples([
      { metric: 'custom', time: T, value: 1, tags: { vu: '1', ratio: '0.25', ok: 'true', status: '201', iter: '9' } },
      { metric: 'custom', time: T + 1000, value: 2, tags: { vu: 'x', ratio: '1e3', ok: '0', status: '500', iter: '9' } },
      { metric: 'custom', time: T + 2000, value: 3, tags: { vu: 'y', ratio: '2', ok: 'f', status: '500', iter: '9' } },
    ]);
    const report = await out.stop();
    assert.equal(report.written, 3);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /"vu" = "x" is not an int/);
    const fields = (await influxql(influxd.url, 'typed', 'SHOW FIELD KEYS FROM "custom"'))[0].rows.map((r) => `${r.fieldKey}:${r.fieldType}`);
    assert.deepEqual(fields, ['ok:boolean', 'ratio:float', 'status:string', 'value:float', 'vu:integer']);
    assert.deepEqual(await column(influxd.url, 'typed', 'SHOW TAG KEYS FROM "custom"', 'tagKey'), ['iter']);
    const rows = (await influxql(influxd.url, 'typed', 'SELECT * FROM "custom"', 'ms'))[0].rows;
    assert.deepEqual(rows.map((r) => [r.time, r.vu, r.ratio, r.ok, r.status]), [
      [Math.floor(T / 1000) * 1000, 1, 0.25, true, '201'],
      [Math.floor(T / 1000) * 1000 + 1000, null, 1000, false, '500'],
      [Math.floor(T / 1000) * 1000 + 2000, null, 2, false, '500'],
    ]);
  });

  test('awkward names and tag values round-trip through the line protocol escaping', async () => {
    const { out } = output(`${influxd.url}/escapes`);
    await out.start();
    const tags = { 'a,b': 'c d', 'e=f': 'g,h=i j', back: 'back\\slash', mid: 'x\\,y', quote: 'say "x"', trail: 'end\\', empty: '', nl: 'two\nlines', url: 'http://h/?q="a\\b" c' };
    out.addSamples([{ metric: 'my metric,v2', time: T, value: 1, tags }]);
    assert.equal((await out.stop()).written, 1);
    const [series] = await influxql(influxd.url, 'escapes', 'SELECT * FROM "my metric,v2"');
    assert.equal(series.name, 'my metric,v2');
    assert.deepEqual(series.rows[0], {
      time: '2024-01-02T03:04:05.678125Z', 'a,b': 'c d', 'e=f': 'g,h=i j', back: 'back\\slash', mid: 'x\\,y', quote: 'say "x"', trail: 'end', nl: 'two\\nlines', url: 'http://h/?q="a\\b" c', value: 1,
    });
  });

  test('default database k6; beyond the queue cap the oldest points are dropped and counted', async () => {
    const { out, warnings } = output(influxd.url, { K6_INFLUXDB_PUSH_INTERVAL: '1m' }, { maxQueuedPoints: 100 });
    await out.start();
    out.addSamples(samples(120));
    out.addSamples(samples(130, 'iterations', 120));
    const report = await out.stop();
    assert.deepEqual([report.written, report.dropped], [100, 150]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /oldest/);
    const [stats] = (await influxql(influxd.url, 'k6', 'SELECT count("value") AS n, min("value") AS lo, max("value") AS hi FROM "iterations"'))[0].rows;
    assert.deepEqual([stats.n, stats.lo, stats.hi], [100, 150, 249]);
  });

  test('influxd stopped mid-run: later points are dropped and counted, one warning, stop() resolves', async () => {
    const own = await startInfluxd();
    try {
      const { out, warnings } = output(`${own.url}/midrun`, { K6_INFLUXDB_PUSH_INTERVAL: '50ms' });
      await out.start();
      out.addSamples(samples(10));
      const deadline = Date.now() + 10_000;
      // Stored is not enough: influxd can store the points before its 204 reaches the output.
      while (out.acknowledged !== 10 || (await column(own.url, 'midrun', 'SELECT count("value") FROM "iterations"', 'count'))[0] !== 10) {
        assert.ok(Date.now() < deadline, 'the first points never arrived');
        await sleep(50);
      }
      await own.stop();
      for (let i = 0; i < 4; i++) {
        out.addSamples(samples(5, 'iterations', 10 + i * 5));
        await sleep(80);
      }
      const report = await out.stop();
      assert.deepEqual([report.written, report.dropped], [10, 20]);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], /ECONNREFUSED|ECONNRESET|socket hang up|closed/);
    } finally {
      await own.stop();
    }
  });
});

describe('influxdb output without a working influxd', () => {
  test('unreachable from the start: one warning, every point counted dropped, stop() resolves', async () => {
    const port = await freePort();
    const { out, warnings } = output(`http://127.0.0.1:${port}/db`, { K6_INFLUXDB_PUSH_INTERVAL: '50ms' });
    await out.start();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /could not be reached.*ECONNREFUSED/);
    out.addSamples(samples(30));
    await sleep(200);
    out.addSamples(samples(20, 'iterations', 30));
    await sleep(200);
    out.addSamples(samples(10, 'iterations', 50));
    const report = await out.stop();
    assert.deepEqual(report, { name: 'influxdb', written: 0, dropped: 60, warnings });
    assert.equal(warnings.length, 1);
  });

  /** A named fake InfluxDB for the cases a real one cannot be made to show: slow, failing or silent writes. */
  async function fakeInflux(onWrite: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
    const requests: { method?: string; url?: string; auth?: string; body: string }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        if (req.url?.includes('/query')) res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[{"statement_id":0}]}');
        else onWrite(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const close = () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    };
    return { url, requests, close };
  }

  test('at most CONCURRENT_WRITES requests in flight; the rest queues; a slow write warns once', async () => {
    let current = 0;
    let peak = 0;
    const fake = await fakeInflux((_req, _body, res) => {
      current += 1;
      peak = Math.max(peak, current);
      setTimeout(() => {
        current -= 1;
        res.writeHead(204).end();
      }, 150);
    });
    try {
      const env = { K6_INFLUXDB_CONCURRENT_WRITES: '2', K6_INFLUXDB_PUSH_INTERVAL: '50ms', K6_INFLUXDB_PAYLOAD_SIZE: '10', K6_INFLUXDB_USERNAME: 'me', K6_INFLUXDB_PASSWORD: 'secret' };
      const { out, warnings } = output(`${fake.url}/proxy/mydb`, env);
      await out.start();
      out.addSamples(samples(100));
      await sleep(120);
      out.addSamples(samples(25, 'iterations', 100));
      const report = await out.stop();
      assert.deepEqual([report.written, report.dropped], [125, 0]);
      assert.equal(peak, 2);
      const writes = fake.requests.filter((r) => r.url?.startsWith('/proxy/write'));
      assert.ok(writes.every((w) => w.url === '/proxy/write?db=mydb&precision=ns' && w.body.split('\n').length <= 10));
      assert.equal(writes.reduce((n, w) => n + w.body.split('\n').length, 0), 125);
      const create = fake.requests.find((r) => r.url === '/proxy/query');
      assert.equal(new URLSearchParams(create?.body).get('q'), 'CREATE DATABASE "mydb"');
      assert.ok(fake.requests.every((r) => r.auth === `Basic ${Buffer.from('me:secret').toString('base64')}`));
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /longer than the push interval/);
    } finally {
      await fake.close();
    }
  });

  test('HTTP errors and timeouts drop their points with one warning per distinct reason', async () => {
    let n = 0;
    const fake = await fakeInflux((_req, _body, res) => {
      n += 1;
      if (n <= 2) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"engine: cache maximum memory size exceeded"}');
      else if (n <= 4) res.writeHead(400, { 'content-type': 'application/json' }).end(`{"error":"unable to parse 'line ${n}': bad timestamp"}`);
      // from the fifth write on, no answer at all
    });
    try {
      const { out, warnings } = output(`${fake.url}/db`, { K6_INFLUXDB_PUSH_INTERVAL: '30ms', K6_INFLUXDB_CONCURRENT_WRITES: '1' }, { requestTimeoutMs: 150 });
      await out.start();
      for (let i = 0; i < 6; i++) {
        out.addSamples(samples(3, 'iterations', i * 3));
        await sleep(i < 4 ? 60 : 200);
      }
      const report = await out.stop();
      assert.deepEqual([report.written, report.dropped], [0, 18]);
      const reasons = warnings.filter((w) => !/push interval/.test(w));
      assert.equal(reasons.length, 3, warnings.join('\n'));
      assert.match(reasons[0], /HTTP 500: engine: cache maximum/);
      assert.match(reasons[1], /HTTP 400: unable to parse/);
      assert.match(reasons[2], /no answer within 150 ms/);
    } finally {
      await fake.close();
    }
  });

  test('stop() is bounded by its deadline when InfluxDB never answers', async () => {
    const fake = await fakeInflux(() => {});
    try {
      const { out, warnings } = output(`${fake.url}/db`, { K6_INFLUXDB_PUSH_INTERVAL: '1m' }, { stopTimeoutMs: 300 });
      await out.start();
      out.addSamples(samples(50));
      const started = Date.now();
      const report = await out.stop();
      assert.ok(Date.now() - started < 2000);
      assert.deepEqual([report.written, report.dropped], [0, 50]);
      assert.ok(warnings.some((w) => /stop's 300 ms ran out/.test(w)), warnings.join('\n'));
      out.addSamples(samples(1));
      assert.equal((await out.stop()).dropped, 50);
    } finally {
      await fake.close();
    }
  });
});
