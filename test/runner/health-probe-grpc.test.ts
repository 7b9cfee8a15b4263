/**
 * The gRPC readiness probe against a server without grpc.health.v1 (as TF Serving is): it asks
 * ModelService.GetModelStatus instead, and is ready only once a version is AVAILABLE.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { waitHealthy } from '../../runner/run/health-probe.ts';
import { loadServingProtos } from '../../servers/grpc/serving-protos.ts';

test('no health service: ready when GetModelStatus says AVAILABLE, not while LOADING', async () => {
  const protos = loadServingProtos();
  let state = 'LOADING';
  const asked: string[] = [];
  const server = new grpc.Server();
  server.addService(protos.ModelServiceClient.service, {
    GetModelStatus: (call: grpc.ServerUnaryCall<{ model_spec?: { name?: string } }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      asked.push(call.request.model_spec?.name ?? '');
      cb(null, { model_version_status: [{ version: 1, state, status: { error_code: 0, error_message: '' } }] });
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  try {
    const url = `grpc://127.0.0.1:${port}`;
    await assert.rejects(waitHealthy(url, { modelName: 'cifar10', deadlineMs: 400 }), /not healthy within 400 ms \(not ready yet\)/);
    setTimeout(() => (state = 'AVAILABLE'), 200);
    await waitHealthy(url, { modelName: 'cifar10', deadlineMs: 5000 });
    assert.ok(asked.length >= 2 && asked.every((n) => n === 'cifar10'), JSON.stringify(asked));
  } finally {
    server.forceShutdown();
  }
});
