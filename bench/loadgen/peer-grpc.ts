/** bench:loadgen peer: a bare grpc-js loop (8 concurrent Predict calls with tensor_content). Args: address tensorFile seconds concurrency */
import { readFileSync } from 'node:fs';
import { createServingClients } from '../../servers/grpc/serving-clients.ts';
import { percentile } from '../closed-loop.ts';
import { cpuMsSince, report } from './peer-report.ts';

const [address, tensorFile, seconds, conc] = process.argv.slice(2);
const clients = createServingClients(address, 64 << 20);
const tensor = Buffer.from(readFileSync(tensorFile, 'utf8'), 'base64');
const request = {
  model_spec: { name: 'cifar10', signature_name: 'serving_default' },
  inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: 1 }, { size: 32 }, { size: 32 }, { size: 3 }] }, tensor_content: tensor } },
};
const predict = () =>
  new Promise<void>((resolve, reject) =>
    (clients.prediction as unknown as { Predict(r: unknown, cb: (e: Error | null) => void): void }).Predict(request, (err) => (err ? reject(err) : resolve())),
  );
await predict();
const latencies: number[] = [];
let errors = 0;
const cpu = process.cpuUsage();
const start = performance.now();
const until = start + Number(seconds) * 1000;
await Promise.all(
  Array.from({ length: Number(conc) }, async () => {
    while (performance.now() < until) {
      const t = performance.now();
      try {
        await predict();
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  }),
);
const elapsedMs = performance.now() - start;
const cpuMs = cpuMsSince(cpu);
latencies.sort((a, b) => a - b);
report({ requests: latencies.length + errors, errors, cpuMs, elapsedMs, p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
clients.close();
