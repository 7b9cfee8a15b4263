/** The one choice of protocol client for a scenario: by the API it speaks and its protocol. */
import type { Config } from './config.ts';
import { createGrpcClient } from './grpc-client.ts';
import { createOipGrpcClient } from './oip-grpc-client.ts';
import { createOipRestClient } from './oip-rest-client.ts';
import { createRestClient } from './rest-client.ts';

export function createClient(config: Config) {
  if (config.api === 'oip') return config.protocol === 'rest' ? createOipRestClient(config) : createOipGrpcClient(config);
  return config.protocol === 'rest' ? createRestClient(config) : createGrpcClient(config);
}
