/**
 * The blocking bridge: a VU thread posts a request to the I/O thread and sleeps on a shared
 * word (Atomics.wait) until the answer is on its port (receiveMessageOnPort), so `http.post`
 * and `client.invoke` block the calling VU as in k6 while the sockets live in an event loop.
 * Answers to calls abandoned by an interruption are recognised by sequence number and dropped.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { GrpcCallResult, GrpcCallSpec, GrpcConnectSpec } from '../grpc/grpc-types.ts';
import type { HttpRequestSpec, HttpResult } from '../http/http-types.ts';

export type IoRequest =
  | { op: 'http'; vu: number; specs: HttpRequestSpec[] }
  | { op: 'http.close'; vu: number }
  | { op: 'grpc.connect'; spec: GrpcConnectSpec }
  | { op: 'grpc.invoke'; conn: number; call: GrpcCallSpec }
  | { op: 'grpc.close'; conn: number };

export type IoResponse =
  | { ok: true; http?: HttpResult[]; conn?: number; grpc?: GrpcCallResult }
  | { ok: false; error: string };

export interface IoEnvelope {
  seq: number;
  req: IoRequest;
}
export interface IoReply {
  seq: number;
  res: IoResponse;
}

/** Word 0 of the signal array: 0 waiting, 1 an answer was posted, 2 woken to check for interruption. */
export const SIGNAL_WORD = 0;

export interface SyncIo {
  call(req: IoRequest, interrupted: () => boolean): IoResponse;
  /** Posts without waiting (close requests). */
  post(req: IoRequest): void;
}

export class PortSyncIo implements SyncIo {
  private seq = 0;

  constructor(
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
  ) {}

  post(req: IoRequest): void {
    this.port.postMessage({ seq: ++this.seq, req } satisfies IoEnvelope);
  }

  call(req: IoRequest, interrupted: () => boolean): IoResponse {
    const seq = ++this.seq;
    this.port.postMessage({ seq, req } satisfies IoEnvelope);
    for (;;) {
      Atomics.store(this.signal, SIGNAL_WORD, 0);
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const reply = m.message as IoReply;
        if (reply.seq === seq) return reply.res;
      }
      if (interrupted()) return { ok: false, error: 'interrupted' };
      Atomics.wait(this.signal, SIGNAL_WORD, 0, 1000);
    }
  }
}

/** The I/O side: answers on the port, then raises the signal word so the blocked VU wakes. */
export function replyTo(port: MessagePort, signal: Int32Array, seq: number, res: IoResponse): void {
  port.postMessage({ seq, res } satisfies IoReply);
  Atomics.store(signal, SIGNAL_WORD, 1);
  Atomics.notify(signal, SIGNAL_WORD);
}
