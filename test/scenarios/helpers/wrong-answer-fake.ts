/**
 * A FAKE model server for tests only: speaks TF Serving's REST API by forwarding every request to
 * a real target, then spoils each predict answer in exactly one way, so one scenario check (and
 * only that one) must catch it:
 *   http-500     every predict answers 500 {"error"}                   -> 'status ok'
 *   extra-class  each row gets an 11th probability, 0                  -> 'shape [batch,10]'
 *   doubled      each row times 2 (argmax kept, sums to 2)             -> 'probabilities sum to 1'
 *   rotated      each row rotated by one class (a valid softmax)       -> 'argmax = expected class'
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export const WRONG_ANSWERS = ['http-500', 'extra-class', 'doubled', 'rotated'] as const;
export type WrongAnswer = (typeof WRONG_ANSWERS)[number];

const SPOIL_ROW: Record<Exclude<WrongAnswer, 'http-500'>, (row: number[]) => number[]> = {
  'extra-class': (row) => [...row, 0],
  doubled: (row) => row.map((p) => p * 2),
  rotated: (row) => row.map((_, i) => row[(i + 1) % row.length]),
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWrongAnswerFake(upstream: string, wrong: WrongAnswer): Promise<{ url: string; close(): Promise<void> }> {
  const spoil = wrong === 'http-500' ? null : SPOIL_ROW[wrong];
  const server = createServer(async (req, res) => {
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const predict = req.method === 'POST' && req.url?.endsWith(':predict');
    res.setHeader('content-type', 'application/json');
    if (predict && !spoil) {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: 'a fake failure' }));
      return;
    }
    const answer = await fetch(`${upstream}${req.url}`, { method: req.method, body, headers: { 'content-type': 'application/json' } });
    const timing = answer.headers.get('server-timing');
    if (timing) res.setHeader('server-timing', timing);
    res.statusCode = answer.status;
    if (!predict || !spoil || answer.status !== 200) {
      res.end(await answer.text());
      return;
    }
    const { predictions } = (await answer.json()) as { predictions: number[][] };
    res.end(JSON.stringify({ predictions: predictions.map(spoil) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
