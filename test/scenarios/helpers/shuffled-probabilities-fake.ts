/**
 * A FAKE model server for tests only: speaks TF Serving's REST API and answers every image with
 * a valid softmax whose classes are shuffled, i.e. well-formed but wrong answers. The k6
 * checks must catch it.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const BASE = [0.55, 0.2, 0.1, 0.05, 0.04, 0.03, 0.01, 0.01, 0.005, 0.005];

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A rotation of BASE that moves the top class around request by request. */
function shuffledRow(k: number): number[] {
  const shift = (k * 7 + 3) % BASE.length;
  return BASE.map((_, i) => BASE[(i + shift) % BASE.length]);
}

export async function startShuffledProbabilitiesFake(): Promise<{ url: string; close(): Promise<void> }> {
  let served = 0;
  const server = createServer(async (req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && req.url?.startsWith('/v1/models/')) {
      res.end(JSON.stringify({ model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }] }));
      return;
    }
    if (req.method === 'POST' && req.url?.endsWith(':predict')) {
      const { instances } = JSON.parse(await body(req)) as { instances: unknown[] };
      res.setHeader('server-timing', 'decode;dur=0.1, infer;dur=0.2, encode;dur=0.05');
      res.end(JSON.stringify({ predictions: instances.map(() => shuffledRow(served++)) }));
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
