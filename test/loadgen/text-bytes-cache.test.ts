/** TextBytesCache: large texts encoded once (also for another string of the same content), LRU-bounded; small ones each time. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextBytesCache } from '../../loadgen/text/text-bytes-cache.ts';

test('a large text is encoded once; a copy of the same content finds it; small texts are encoded each time', () => {
  const cache = new TextBytesCache(100, 10_000, 3);
  let calls = 0;
  const encode = (t: string) => (calls++, Buffer.from(t, 'utf8'));
  const big = 'é'.repeat(500);
  const copy = JSON.parse(JSON.stringify(big)) as string;
  const first = cache.bytes(big, encode);
  assert.equal(cache.bytes(copy, encode), first);
  assert.equal(calls, 1);
  assert.equal(Buffer.from(first).toString('utf8'), big);
  cache.bytes('small', encode);
  cache.bytes('small', encode);
  assert.equal(calls, 3);
  cache.bytes('x'.repeat(20_000), encode);
  cache.bytes('x'.repeat(20_000), encode);
  assert.equal(calls, 5, 'beyond maxLength: not kept');
});

test('at most maxEntries texts, least recently used out; a failing encode keeps nothing', () => {
  const cache = new TextBytesCache(1, 1000, 2);
  let calls = 0;
  const encode = (t: string) => (calls++, Buffer.from(t));
  cache.bytes('a', encode);
  cache.bytes('b', encode);
  cache.bytes('a', encode); // a is now the most recent
  cache.bytes('c', encode); // b goes
  assert.equal(calls, 3);
  cache.bytes('a', encode);
  cache.bytes('c', encode);
  assert.equal(calls, 3);
  cache.bytes('b', encode);
  assert.equal(calls, 4);
  assert.throws(() => cache.bytes('bad', () => { throw new Error('not base64'); }), /not base64/);
  assert.throws(() => cache.bytes('bad', () => { throw new Error('not base64 again'); }), /again/);
});
