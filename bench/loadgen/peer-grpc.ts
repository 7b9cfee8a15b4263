/** bench:loadgen peer: a bare grpc-js loop (8 concurrent Predict calls with tensor_content). Args: address tensorFile seconds concurrency */
import { readFileSync } from 'node:fs';
import { createServingClients } from '../../servers/grpc/serving-clients.ts';
import { MODEL_NAME } from '../../servers/model/architecture.ts';
import { measurePeer } from './peer-report.ts';

const [address, tensorFile, seconds, conc] = process.argv.slice(2);
const clients = createServingClients(address, 64 << 20);
const tensor = Buffer.from(readFileSync(tensorFile, 'utf8'), 'base64');
const request = {
  model_spec: { name: MODEL_NAME, signature_name: 'serving_default' },
  inputs: { images: { dtype: 'DT_FLOAT', tensor_shape: { dim: [{ size: 1 }, { size: 32 }, { size: 32 }, { size: 3 }] }, tensor_content: tensor } },
};
const predict = () =>
  new Promise<void>((resolve, reject) =>
    (clients.prediction as unknown as { Predict(r: unknown, cb: (e: Error | null) => void): void }).Predict(request, (err) => (err ? reject(err) : resolve())),
  );
await predict();
await measurePeer(predict, Number(conc), Number(seconds));
clients.close();
