/** Server-Timing: a gateway's upstream parts nest inside its `upstream` span, named `upstream.<part>`, and read back as such. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatServerTiming, nestUpstream, parseServerTiming, TIMING_PARTS } from '../../servers/core/server-timing.ts';

test('a model server\'s parts render in order and parse back', () => {
  const header = formatServerTiming({ infer: 3.25, decode: 0.5, queue: 0, encode: 0.125 });
  assert.equal(header, 'decode;dur=0.500, queue;dur=0.000, infer;dur=3.250, encode;dur=0.125');
  assert.deepEqual(parseServerTiming(header), { decode: 0.5, queue: 0, infer: 3.25, encode: 0.125 });
});

test('an upstream\'s own parts become nested parts of the gateway\'s upstream span, its own hop dropped', () => {
  const upstreamOwn = parseServerTiming('decode;dur=0.250, queue;dur=1.000, infer;dur=3.000, encode;dur=0.125, upstream;dur=9.000');
  const timing = nestUpstream(upstreamOwn, 5.5);
  assert.deepEqual(timing, { upstream: 5.5, upstreamDecode: 0.25, upstreamQueue: 1, upstreamInfer: 3, upstreamEncode: 0.125 });
  const header = formatServerTiming({ decode: 0.75, ...timing, encode: 0.5 });
  assert.equal(header, 'decode;dur=0.750, encode;dur=0.500, upstream;dur=5.500, upstream.decode;dur=0.250, upstream.queue;dur=1.000, upstream.infer;dur=3.000, upstream.encode;dur=0.125');
  assert.deepEqual(parseServerTiming(header), { decode: 0.75, encode: 0.5, ...timing });
});

test('an upstream that reports nothing (TF Serving) leaves only the span', () => {
  assert.deepEqual(nestUpstream(parseServerTiming(undefined), 2), { upstream: 2 });
});

test('unknown names and durations that are not numbers are ignored', () => {
  assert.deepEqual(parseServerTiming('db;dur=3, infer;desc="x";dur=2.5, encode;dur=abc, upstream.infer'), { infer: 2.5 });
});

test('every part has its own Server-Timing name and k6 metric', () => {
  assert.equal(new Set(TIMING_PARTS.map((p) => p.name)).size, TIMING_PARTS.length);
  assert.deepEqual(TIMING_PARTS.map((p) => p.metric), ['server_decode', 'server_queue', 'server_infer', 'server_encode', 'server_upstream', 'server_upstream_decode', 'server_upstream_queue', 'server_upstream_infer', 'server_upstream_encode']);
});
