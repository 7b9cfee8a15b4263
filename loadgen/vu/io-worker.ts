/**
 * The I/O thread behind blocked VUs: answers bridge requests (HTTP on each VU's own keep-alive
 * connections, gRPC channels) from the hosts' ports, then wakes the waiting VU. Each host
 * thread's port and signal word arrive in a `link` message.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { createGrpcTransport } from '../grpc/grpc-transport.ts';
import type { GrpcConnection } from '../grpc/grpc-types.ts';
import { createHttpTransport } from '../http/http-transport.ts';
import type { HttpTransport } from '../http/http-types.ts';
import { replyTo, type IoEnvelope, type IoResponse } from './sync-io.ts';

const http = new Map<number, HttpTransport>();
const grpcConns = new Map<number, GrpcConnection>();
const grpc = createGrpcTransport();
let nextConn = 1;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function handle(env: IoEnvelope): Promise<IoResponse | undefined> {
  const req = env.req;
  switch (req.op) {
    case 'http': {
      let t = http.get(req.vu);
      if (!t) http.set(req.vu, (t = createHttpTransport()));
      const transport = t;
      const results = req.specs.length === 1 ? [await transport.request(req.specs[0])] : await Promise.all(req.specs.map((s) => transport.request(s)));
      return { ok: true, http: results };
    }
    case 'http.close':
      http.get(req.vu)?.close();
      http.delete(req.vu);
      return undefined;
    case 'grpc.connect': {
      const conn = await grpc.connect(req.spec);
      const id = nextConn++;
      grpcConns.set(id, conn);
      return { ok: true, conn: id };
    }
    case 'grpc.invoke': {
      const conn = grpcConns.get(req.conn);
      if (!conn) return { ok: false, error: 'the gRPC connection is closed; call client.connect() first' };
      return { ok: true, grpc: await conn.invoke(req.call) };
    }
    case 'grpc.close':
      grpcConns.get(req.conn)?.close();
      grpcConns.delete(req.conn);
      return undefined;
  }
}

const links: { port: MessagePort }[] = [];

function link(port: MessagePort, shared: SharedArrayBuffer): void {
  const signal = new Int32Array(shared);
  links.push({ port });
  port.on('message', (env: IoEnvelope) => {
    handle(env).then(
      (res) => res && replyTo(port, signal, env.seq, res),
      (err: unknown) => replyTo(port, signal, env.seq, { ok: false, error: message(err) }),
    );
  });
}

parentPort?.on('message', (m: { t: 'link'; port: MessagePort; signal: SharedArrayBuffer } | { t: 'close' }) => {
  if (m.t === 'link') link(m.port, m.signal);
  else {
    for (const t of http.values()) t.close();
    for (const c of grpcConns.values()) c.close();
    for (const l of links) l.port.close();
    parentPort?.close();
  }
});
