/** Starts a node:http server on host:port and gives back the target handle (close = graceful drain). */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningTarget } from '../targets/target.ts';
import { drainHttpServer } from './http-server.ts';

export async function listen(
  server: http.Server,
  { host, port, shutdownTimeoutMs }: { host: string; port: number; shutdownTimeoutMs: number },
  scheme: 'http',
  onClose: () => Promise<void>,
): Promise<RunningTarget> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `${scheme}://${formatHost(host)}:${address.port}`,
    close() {
      closing ??= drainHttpServer(server, shutdownTimeoutMs).then(onClose);
      return closing;
    },
  };
}

export const formatHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);
