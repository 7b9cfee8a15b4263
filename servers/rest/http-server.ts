/**
 * The node:http server every REST target runs on (the web tier, Express, Fastify via its
 * serverFactory, the REST gateway), so slow and idle clients meet the same limits everywhere:
 * headers within the header timeout (slowloris), the whole request within the body timeout
 * (both answered 408 and closed by Node), idle kept-alive connections closed after the idle
 * timeout. And one graceful shutdown: stop accepting, let admitted requests finish, close each
 * connection as soon as it is idle, cut what is left at the deadline.
 */
import http from 'node:http';
import type { ResolvedLimits } from '../core/serving-limits.ts';

export type HttpLimits = Pick<ResolvedLimits, 'headerTimeoutMs' | 'bodyTimeoutMs' | 'idleTimeoutMs' | 'shutdownTimeoutMs'>;

/** How often Node looks for timed-out requests (its default, 30 s, would let a slowloris live 30 s longer). */
const checkEvery = (limits: HttpLimits) => Math.min(1000, Math.max(50, Math.floor(limits.headerTimeoutMs / 4)));

export function createHttpServer(limits: HttpLimits, listener?: http.RequestListener): http.Server {
  const server = http.createServer(
    {
      headersTimeout: limits.headerTimeoutMs,
      requestTimeout: limits.bodyTimeoutMs,
      connectionsCheckingInterval: checkEvery(limits),
    },
    listener,
  );
  server.keepAliveTimeout = limits.idleTimeoutMs;
  return server;
}

/**
 * After a refusal (503 with Retry-After) the connection's next request is not read for that long
 * (at most half the idle timeout): the client is told at once, but one that retries at once
 * cannot make the server spend its time refusing instead of serving what it admitted.
 */
export function holdAfterRefusal(res: http.ServerResponse, retryAfter: string | undefined, idleTimeoutMs: number): void {
  const seconds = Number(retryAfter);
  const socket = res.socket;
  if (!socket || !(seconds > 0) || socket.isPaused()) return;
  socket.pause();
  const onClose = () => clearTimeout(timer);
  const timer = setTimeout(() => {
    socket.off('close', onClose);
    socket.resume();
  }, Math.min(seconds * 1000, idleTimeoutMs / 2));
  timer.unref();
  socket.once('close', onClose);
}

const closeServer = (server: http.Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
  });

/**
 * Graceful stop: `stop()` closes the listening socket (no new connections) and resolves once
 * every connection is gone; meanwhile idle connections are closed as they become idle, and at
 * `shutdownTimeoutMs` the rest (requests still running, slow clients) are cut.
 */
export async function drainHttpServer(server: http.Server, shutdownTimeoutMs: number, stop: () => Promise<void> = () => closeServer(server)): Promise<void> {
  const sweep = setInterval(() => server.closeIdleConnections(), 20);
  const force = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs);
  try {
    const stopped = stop();
    server.closeIdleConnections();
    await stopped;
  } finally {
    clearInterval(sweep);
    clearTimeout(force);
  }
}
