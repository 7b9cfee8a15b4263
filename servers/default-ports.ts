/**
 * The one table of default ports: `servebench serve <target>` listens on its target's port, and
 * `k6 run scenarios/<target>.ts` aims at the same one, so both work with no flags. Pure data
 * (no imports) because k6 scenarios import it directly.
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

/** The default port of a registered target (8080 for one the table does not name). */
export function defaultPort(targetId: string): number {
  return (DEFAULT_PORTS as Record<string, DefaultAddress>)[targetId]?.port ?? 8080;
}
