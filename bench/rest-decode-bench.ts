/**
 * `npm run bench:decode`: the REST predict body decode, per request, for the fast numeric scanner
 * and the general JSON.parse decoder, on the same TF Serving bodies (1 and 32 images).
 *   npx tsx bench/rest-decode-bench.ts [--calls 4000]
 */
import { parseArgs } from 'node:util';
import { percentile } from './closed-loop.ts';
import { nestedImage } from '../servers/data/image-json.ts';
import { syntheticImages } from '../servers/data/synthetic-images.ts';
import type { ModelSignature } from '../servers/engines/engine.ts';
import { decodePredictBody, decodePredictJson } from '../servers/rest/predict-request-decoder.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '4000' } } });
const calls = Number(values.calls);
const signature: ModelSignature = {
  inputs: [{ name: 'images', dtype: 'float32', shape: [-1, 32, 32, 3] }],
  outputs: [{ name: 'probabilities', dtype: 'float32', shape: [-1, 10] }],
};

function time(decode: (body: Buffer) => unknown, body: Buffer, n: number): number {
  for (let i = 0; i < Math.min(500, n); i++) decode(body); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    decode(body);
    times.push(performance.now() - t);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

console.log(`Node ${process.version}, ${calls} calls per cell (p50 per call)\n`);
console.log('| images | body KiB | JSON.parse decoder ms | numeric scanner ms | speed-up |\n| ---: | ---: | ---: | ---: | ---: |');
for (const batch of [1, 32]) {
  const images = syntheticImages(batch).map((i) => nestedImage(i.pixels));
  const body = Buffer.from(JSON.stringify({ instances: images }));
  const n = Math.max(100, Math.floor(calls / batch));
  const general = time((b) => decodePredictJson(b, signature), body, n);
  const fast = time((b) => decodePredictBody(b, signature), body, n);
  console.log(`| ${batch} | ${(body.length / 1024).toFixed(1)} | ${general.toFixed(3)} | ${fast.toFixed(3)} | ${(general / fast).toFixed(1)}x |`);
}
