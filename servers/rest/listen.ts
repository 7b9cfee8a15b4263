/** Starts a node:http server on host:port and gives back the target handle. */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningTarget } from '../targets/target.ts';

export async function listen(
  server: http.Server,
  { host, port }: { host: string; port: number },
  scheme: 'http',
  onClose: () => Promise<void>,
): Promise<RunningTarget> {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `${scheme}://${formatHost(host)}:${address.port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await onClose();
    },
  };
}

export const formatHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);
