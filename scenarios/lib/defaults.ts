/** Default addresses for the scenarios, from the one table of default ports (servers/default-ports.ts). */
import { DEFAULT_PORTS, type AddressKey } from '../../servers/default-ports.ts';
import { MODEL_NAME } from '../../servers/model/architecture.ts';

export { DEFAULT_PORTS, type AddressKey, type DefaultAddress, type Protocol } from '../../servers/default-ports.ts';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MODEL_NAME = MODEL_NAME;
export const DEFAULT_SIGNATURE_NAME = 'serving_default';

/** `http://127.0.0.1:<port>` for REST, `127.0.0.1:<port>` for gRPC (k6's grpc address form). */
export function defaultAddress(key: AddressKey): string {
  const { protocol, port } = DEFAULT_PORTS[key];
  return protocol === 'rest' ? `http://${DEFAULT_HOST}:${port}` : `${DEFAULT_HOST}:${port}`;
}
