/** Gateway over REST: relays each request to the upstream model server on kept-alive connections. */
import http from 'node:http';
import { Pool } from 'undici';
import { BodyTooLargeError, readBody } from '../../rest/http-body.ts';
import { errorResponse } from '../../rest/rest-handler.ts';
import { listen } from '../../rest/listen.ts';
import { sendRest } from '../../rest/web-tier-server.ts';
import type { RunningTarget, TargetOptions } from '../target.ts';

export async function startRestForwarder(upstream: URL, options: TargetOptions): Promise<RunningTarget> {
  const pool = new Pool(upstream.origin, { connections: 128, keepAliveTimeout: 60_000 });
  const basePath = upstream.pathname.replace(/\/$/, '');
  const server = http.createServer(async (req, res) => {
    let body: Buffer | undefined;
    try {
      body = req.method === 'POST' ? await readBody(req, options.maxBodyBytes) : undefined;
    } catch (err) {
      const status = err instanceof BodyTooLargeError ? 413 : 400;
      return sendRest(res, errorResponse(status, (err as Error).message));
    }
    const started = performance.now();
    try {
      const answer = await pool.request({
        method: (req.method ?? 'GET') as 'GET',
        path: basePath + (req.url ?? '/'),
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body,
      });
      const text = await answer.body.text();
      const upstreamMs = performance.now() - started;
      const timing = answer.headers['server-timing'];
      const serverTiming = [timing, `upstream;dur=${upstreamMs.toFixed(3)}`].filter(Boolean).join(', ');
      sendRest(res, { status: answer.statusCode, body: text, serverTiming });
    } catch (err) {
      sendRest(res, errorResponse(502, `upstream model server ${upstream.origin} failed: ${(err as Error).message}`));
    }
  });
  return listen(server, options, 'http', () => pool.close());
}
