/**
 * What the TF Serving and the OIP gRPC clients share: one k6 gRPC client per VU with its protos
 * loaded in the init context, connected on first use, a readiness probe on a connection of its
 * own (closed after), protobuf-JSON field access in either spelling, and Server-Timing read from
 * a response's headers and trailers.
 */
import grpc from 'k6/net/grpc';
import type { Config } from './config.ts';
import { k6Duration } from './env.ts';
import { parseServerTiming } from './server-timing.ts';

export type Msg = Record<string, any>;

/** A field in either protojson spelling (lowerCamelCase as k6 returns it, or the proto name). */
export const field = (m: Msg | undefined, camel: string, snake: string): any => (m ? m[camel] ?? m[snake] : undefined);

export function timingOf(res: grpc.Response) {
  const meta = { ...(res.headers as Msg), ...(res.trailers as Msg) };
  const value = meta['server-timing'];
  return parseServerTiming(Array.isArray(value) ? value.join(', ') : value);
}

/** Must be called in the init context (k6 loads .proto files only there). */
export function grpcConnection(config: Config, protoFiles: string[]) {
  const client = new grpc.Client();
  client.load([config.protoDir], ...protoFiles);
  let connected = false;
  const connect = (timeoutMs: number) => {
    client.connect(config.address, { plaintext: true, timeout: k6Duration(timeoutMs), maxReceiveSize: 64 << 20, maxSendSize: 64 << 20 });
    connected = true;
  };
  return {
    client,
    /** The predict calls' parameters: the scenario's timeout, tagged `name: predict`. */
    params: { timeout: k6Duration(config.timeoutMs), tags: { name: 'predict' } },
    /** Connects on the first call, within READY_TIMEOUT (at least 5 s). */
    ensureConnected(): void {
      if (!connected) connect(Math.max(config.readyTimeoutMs, 5_000));
    },
    /**
     * Connects within READY_TIMEOUT (at least 2 s), asks `ask` (an error text or null), then
     * closes that connection; an unreachable server gives an error text that ends with `hint`.
     */
    probe(ask: () => string | null, hint: string): string | null {
      try {
        connect(Math.max(config.readyTimeoutMs, 2_000));
      } catch (err) {
        return `cannot reach ${config.target} at ${config.address}: ${String(err)}. ${hint}`;
      }
      try {
        return ask();
      } finally {
        client.close();
        connected = false;
      }
    },
  };
}
