/**
 * Gateway over REST: relays each request to the upstream model server on kept-alive connections.
 * An upstream that refuses or drops the connection is answered 502 at once; one that does not
 * answer within --upstream-timeout is answered 504 (and its call abandoned); when the upstream
 * is back, the pool reconnects on the next request. The upstream's own answers (its 503 with
 * Retry-After when its queue is full) are relayed as they are.
 */
import type http from 'node:http';
import { Pool } from 'undici';
import { formatServerTiming, nestUpstream, parseServerTiming } from '../../core/server-timing.ts';
import { resolveLimits } from '../../core/serving-limits.ts';
import { clientGoneSignal } from '../../rest/client-gone.ts';
import { bodyErrorResponse, readBody } from '../../rest/http-body.ts';
import { createHttpServer } from '../../rest/http-server.ts';
import { errorResponse, type RestResponse } from '../../rest/rest-handler.ts';
import { listen } from '../../rest/listen.ts';
import { sendRest } from '../../rest/web-tier-server.ts';
import type { RunningTarget, TargetOptions } from '../target.ts';

/** Upstream answer headers passed back to the client besides the body and Server-Timing. */
const RELAYED_HEADERS = ['retry-after', 'content-type', 'inference-header-content-length'];
/** Request headers passed on to the upstream besides the content type (the OIP binary extension's). */
const FORWARDED_HEADERS = ['inference-header-content-length'];

function forwardedHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = { 'content-type': headers['content-type'] ?? 'application/json' };
  for (const name of FORWARDED_HEADERS) if (typeof headers[name] === 'string') out[name] = headers[name] as string;
  return out;
}

export async function startRestForwarder(upstream: URL, options: TargetOptions): Promise<RunningTarget> {
  const limits = resolveLimits(options);
  const pool = new Pool(upstream.origin, { connections: 128, keepAliveTimeout: 60_000, connect: { timeout: limits.upstreamTimeoutMs } });
  const basePath = upstream.pathname.replace(/\/$/, '');

  const forward = async (method: string, path: string, reqHeaders: http.IncomingHttpHeaders, body: Buffer | undefined, clientGone: AbortSignal): Promise<RestResponse> => {
    const deadline = AbortSignal.timeout(limits.upstreamTimeoutMs);
    const started = performance.now();
    try {
      const answer = await pool.request({
        method: method as 'GET',
        path: basePath + path,
        headers: forwardedHeaders(reqHeaders),
        body,
        signal: AbortSignal.any([deadline, clientGone]),
      });
      // Bytes as they are: JSON text, or an OIP binary-extension answer.
      const text = Buffer.from(await answer.body.arrayBuffer());
      const upstreamMs = performance.now() - started;
      const own = answer.headers['server-timing'];
      // The upstream's parts happen inside our round trip: nested, never added beside it.
      const serverTiming = formatServerTiming(nestUpstream(parseServerTiming(typeof own === 'string' ? own : undefined), upstreamMs));
      const headers: Record<string, string> = {};
      for (const name of RELAYED_HEADERS) if (typeof answer.headers[name] === 'string') headers[name] = answer.headers[name] as string;
      return { status: answer.statusCode, body: text, serverTiming, headers };
    } catch (err) {
      if (deadline.aborted) {
        return errorResponse(504, `upstream model server ${upstream.origin} did not answer within ${limits.upstreamTimeoutMs} ms (--upstream-timeout)`);
      }
      return errorResponse(502, `upstream model server ${upstream.origin} failed: ${(err as Error).message}`);
    }
  };

  const server = createHttpServer(limits, async (req, res) => {
    const clientGone = clientGoneSignal(req, res);
    let answer: RestResponse | undefined;
    try {
      const body = req.method === 'POST' ? await readBody(req, options.maxBodyBytes) : undefined;
      answer = await forward(req.method ?? 'GET', req.url ?? '/', req.headers, body, clientGone);
    } catch (err) {
      answer = bodyErrorResponse(err);
    }
    if (answer && !clientGone.aborted) sendRest(res, answer, limits.idleTimeoutMs);
  });
  return listen(server, { ...options, shutdownTimeoutMs: limits.shutdownTimeoutMs }, 'http', () => pool.close());
}
