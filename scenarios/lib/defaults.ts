/**
 * The one table of default addresses. The CLI, the runner and the compose file use the same
 * ports, so `k6 run scenarios/<target>.ts` reaches a target started with its defaults.
 */
export type Protocol = 'rest' | 'grpc';

export interface DefaultAddress {
  protocol: Protocol;
  port: number;
}

export const DEFAULT_PORTS = {
  embedded: { protocol: 'rest', port: 8080 },
  express: { protocol: 'rest', port: 8081 },
  fastify: { protocol: 'rest', port: 8082 },
  gateway: { protocol: 'rest', port: 8083 },
  null: { protocol: 'rest', port: 8089 },
  grpc: { protocol: 'grpc', port: 8510 },
  'tfserving-rest': { protocol: 'rest', port: 8501 },
  'tfserving-grpc': { protocol: 'grpc', port: 8500 },
} as const satisfies Record<string, DefaultAddress>;

export type AddressKey = keyof typeof DEFAULT_PORTS;

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MODEL_NAME = 'cifar10';
export const DEFAULT_SIGNATURE_NAME = 'serving_default';

/** `http://127.0.0.1:<port>` for REST, `127.0.0.1:<port>` for gRPC (k6's grpc address form). */
export function defaultAddress(key: AddressKey): string {
  const { protocol, port } = DEFAULT_PORTS[key];
  return protocol === 'rest' ? `http://${DEFAULT_HOST}:${port}` : `${DEFAULT_HOST}:${port}`;
}
