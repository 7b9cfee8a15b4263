// bench:loadgen — blocking gRPC script: client.invoke per iteration.
import { client, connect, METHOD, request } from './grpc-common.js';

export default function () {
  connect();
  const res = client.invoke(METHOD, request);
  if (res.status !== 0) throw new Error(`gRPC ${res.status}`);
}
