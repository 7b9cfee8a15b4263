// bench:loadgen — async gRPC script: client.asyncInvoke per iteration.
import { client, connect, METHOD, request } from './grpc-common.js';

export default async function () {
  connect();
  const res = await client.asyncInvoke(METHOD, request);
  if (res.status !== 0) throw new Error(`gRPC ${res.status}`);
}
