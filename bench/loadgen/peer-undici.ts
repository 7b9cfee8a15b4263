/** bench:loadgen peer: a bare undici `request` loop (8 concurrent), each answer parsed. Args: url bodyFile seconds connections */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { measurePeer } from './peer-report.ts';

const [url, bodyFile, seconds, conns] = process.argv.slice(2);
const body = readFileSync(bodyFile, 'utf8');
const dispatcher = new Agent({ connections: Number(conns) });
await measurePeer(
  async () => {
    const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher });
    JSON.parse(await res.body.text());
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  },
  Number(conns),
  Number(seconds),
);
await dispatcher.close();
