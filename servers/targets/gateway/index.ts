/**
 * The web tier in front of a model server (the study's WAS in front of b/c/d): forwards each
 * request to `upstream` — an http:// REST model server (bodies relayed as they are, over a
 * kept-alive connection pool) or a grpc:// model server (JSON decoded here and sent as a
 * PredictRequest on one persistent channel).
 */
import { resolveLimits } from '../../core/serving-limits.ts';
import type { RunningTarget, TargetOptions } from '../target.ts';
import { startRestForwarder } from './rest-forwarder.ts';

export async function createServer(options: TargetOptions): Promise<RunningTarget> {
  const upstream = parseUpstream(options.upstream);
  if (upstream.protocol === 'grpc:') {
    const [{ createGrpcForwardBackend }, { startWebTier }] = await Promise.all([
      import('../../grpc/grpc-forward-backend.ts'),
      import('../../rest/web-tier-server.ts'),
    ]);
    const { upstreamTimeoutMs } = resolveLimits(options);
    const backend = createGrpcForwardBackend(upstream.host, { maxMessageBytes: options.maxBodyBytes, upstreamTimeoutMs });
    return startWebTier(backend, options);
  }
  return startRestForwarder(upstream, options);
}

function parseUpstream(value: string | undefined): URL {
  if (!value) throw new Error('the gateway needs an upstream model server: --upstream http://host:port or grpc://host:port');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`the gateway's upstream "${value}" is not a URL; use http://host:port or grpc://host:port`);
  }
  if (!['http:', 'grpc:'].includes(url.protocol)) {
    throw new Error(`the gateway's upstream "${value}" must start with http:// or grpc://`);
  }
  return url;
}
