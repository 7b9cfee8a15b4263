/** parseInfluxUrl: the --influx flag, parsed at the edge. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatInfluxUrl, parseInfluxUrl } from '../../runner/influx/influx-url.ts';

test('http://host:port/db', () => {
  assert.deepEqual(parseInfluxUrl('http://127.0.0.1:8086/servebench'), { protocol: 'http', host: '127.0.0.1', port: 8086, database: 'servebench' });
  assert.deepEqual(parseInfluxUrl('https://influx.example:80/k6/'), { protocol: 'https', host: 'influx.example', port: 80, database: 'k6' });
  assert.equal(parseInfluxUrl('http://influxdb/k6').port, 8086);
  assert.equal(parseInfluxUrl('http://[::1]:9999/k6').host, '::1');
});

test('credentials are kept for the client and k6', () => {
  const t = parseInfluxUrl('http://me:s%40cret@127.0.0.1:8086/db');
  assert.equal(t.username, 'me');
  assert.equal(t.password, 's@cret');
  assert.equal(formatInfluxUrl(t), 'http://me:s%40cret@127.0.0.1:8086/db');
});

test('clear errors otherwise', () => {
  assert.throws(() => parseInfluxUrl('127.0.0.1:8086/db'), /not a URL|protocol/);
  assert.throws(() => parseInfluxUrl('udp://127.0.0.1:8089/db'), /protocol udp is not http or https/);
  assert.throws(() => parseInfluxUrl('http://127.0.0.1:8086'), /database name is missing/);
  assert.throws(() => parseInfluxUrl('http://127.0.0.1:8086/a/b'), /letters, digits/);
  assert.throws(() => parseInfluxUrl('http://127.0.0.1:8086/db?precision=s'), /no query string/);
});
