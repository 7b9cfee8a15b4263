/**
 * The scenario configuration, parsed once from `__ENV` and validated. Nothing else in the
 * scenarios reads the environment. Every default is deterministic (each VU parses it again).
 */
import {
  DEFAULT_MODEL_NAME,
  DEFAULT_SIGNATURE_NAME,
  defaultAddress,
  DEFAULT_PORTS,
  type AddressKey,
  type Protocol,
} from './defaults.ts';
import { ENCODINGS, type Api, type Encoding } from './encodings.ts';
import { ConfigError, duration, int, num, oneOf, optionalStr, str, type Env } from './env.ts';
import { loadSettings, type LoadSettings } from './load-settings.ts';
import { CIFAR_SHAPE, parseImageShape, PIXEL_KINDS, sameShape, shapeText, type ImageShape, type PixelKind } from '../../servers/data/image-shape.ts';
import { MODEL_SPECS } from '../../servers/model/model-specs.ts';
import { PROFILE_NAMES, PROFILES, type ProfileName } from './profiles/registry.ts';

/** What the checks judge: argmax vs our engine's classes, vs the data's labels, shape+softmax only, status only. */
export const EXPECT_MODES = ['class', 'label', 'shape', 'status'] as const;
export type Expect = (typeof EXPECT_MODES)[number];

/** What an entry file fixes: its target tag, default address, the API it speaks (default TF Serving's) and default expectation. */
export interface EntryDefaults {
  target: string;
  address: AddressKey;
  api?: Api;
  expect?: Expect;
}

export type DataSource = { kind: 'synthetic' } | { kind: 'cifar'; path: string };

export interface Config {
  target: string;
  protocol: Protocol;
  /** The API spoken: TF Serving's or the Open Inference Protocol's. */
  api: Api;
  /** Wire encoding (ENCODING=, see encodings.ts). */
  encoding: Encoding;
  /** REST: base URL without trailing slash. gRPC: host:port. */
  address: string;
  modelName: string;
  signatureName: string;
  modelVersion?: string;
  profile: ProfileName;
  runId: string;
  summaryPath?: string;
  batch: number;
  /** One image's shape (INPUT_SHAPE=HxWxC; default: the generated model named MODEL_NAME's, else 32x32x3). */
  inputShape: ImageShape;
  /** How pixels are written (PIXELS=int|float: 0-255 whole, or with two decimals). */
  pixels: PixelKind;
  /** Distinct images cycled through. */
  pool: number;
  data: DataSource;
  /** Expected-classes JSON (file URL or path); defaults per data source. */
  expectedPath: string;
  expect: Expect;
  timeoutMs: number;
  readyTimeoutMs: number;
  minCheckRate: number;
  /** p99 gate (ms) for the measured window; for `peak`, the budget the reported rate must hold. */
  p99Ms: number;
  protoDir: string;
  load: LoadSettings;
}

/** Resolves `path` against the repo root unless it is absolute or a URL. */
export function resolvePath(root: string, path: string): string {
  if (/^[a-z]+:\/\//i.test(path) || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return path;
  return root + path.replace(/^\.\//, '');
}

function restAddress(value: string): string {
  if (!/^https?:\/\/[^/]+/.test(value)) {
    throw new ConfigError(`BASE_URL=${value} is not an http(s) URL like http://127.0.0.1:8080`);
  }
  return value.replace(/\/+$/, '');
}

function grpcAddress(value: string): string {
  const hostPort = value.replace(/^grpc:\/\//, '').replace(/\/+$/, '');
  if (!/^(\[[0-9a-fA-F:]+\]|[^:/\s]+):\d{1,5}$/.test(hostPort)) {
    throw new ConfigError(`GRPC_ADDR=${value} is not host:port (e.g. 127.0.0.1:8500)`);
  }
  return hostPort;
}

/** INPUT_SHAPE if set, else the shape of the generated model served under `modelName`, else CIFAR's. */
function imageShape(env: Env, modelName: string): ImageShape {
  const text = optionalStr(env, 'INPUT_SHAPE');
  if (text !== undefined) {
    try {
      return parseImageShape(text);
    } catch (err) {
      throw new ConfigError(`INPUT_SHAPE=${(err as Error).message}`);
    }
  }
  return (MODEL_SPECS as Record<string, { inputShape: ImageShape }>)[modelName]?.inputShape ?? CIFAR_SHAPE;
}

/** `root` is the repo root as a URL ending in `/` (the entry passes `import.meta.resolve('../')`). */
export function parseConfig(env: Env, entry: EntryDefaults, root: string): Config {
  const protocol = DEFAULT_PORTS[entry.address].protocol;
  const address =
    protocol === 'rest'
      ? restAddress(str(env, 'BASE_URL', defaultAddress(entry.address)))
      : grpcAddress(str(env, 'GRPC_ADDR', defaultAddress(entry.address)));
  const api = entry.api ?? 'tfserving';
  const encodings = ENCODINGS[`${api}-${protocol}`];
  const profile = oneOf(env, 'PROFILE', PROFILE_NAMES, 'smoke');
  const dataPath = optionalStr(env, 'DATA');
  const data: DataSource =
    dataPath === undefined || dataPath === 'synthetic' ? { kind: 'synthetic' } : { kind: 'cifar', path: resolvePath(root, dataPath) };
  const defaultExpected =
    data.kind === 'synthetic' ? root + 'scenarios/lib/expected-synthetic.json' : `${data.path}.expected.json`;
  const expect = oneOf(env, 'EXPECT', EXPECT_MODES, entry.expect ?? 'class');
  const modelName = str(env, 'MODEL_NAME', DEFAULT_MODEL_NAME);
  const inputShape = imageShape(env, modelName);
  const pixels = oneOf<PixelKind>(env, 'PIXELS', PIXEL_KINDS, 'int');
  if (data.kind === 'cifar' && (!sameShape(inputShape, CIFAR_SHAPE) || pixels !== 'int')) {
    throw new ConfigError(`DATA=${dataPath} holds 32x32x3 byte images; INPUT_SHAPE=${shapeText(inputShape)} PIXELS=${pixels} needs synthetic data`);
  }
  if (expect === 'class' && data.kind === 'synthetic' && optionalStr(env, 'EXPECTED') === undefined && (!sameShape(inputShape, CIFAR_SHAPE) || pixels !== 'int')) {
    throw new ConfigError(
      `the expected classes are for 32x32x3 int pixels; with INPUT_SHAPE=${shapeText(inputShape)} PIXELS=${pixels} set EXPECT=shape (shape and softmax judged) or EXPECTED to a file of classes for these images`,
    );
  }
  if (expect === 'label' && data.kind === 'synthetic') {
    throw new ConfigError('EXPECT=label needs real data (DATA=/path/to/test_batch.bin); synthetic images have no true class');
  }
  return {
    target: str(env, 'TARGET', entry.target),
    protocol,
    api,
    encoding: oneOf<Encoding>(env, 'ENCODING', encodings, encodings[0]),
    address,
    modelName,
    signatureName: str(env, 'SIGNATURE_NAME', DEFAULT_SIGNATURE_NAME),
    modelVersion: optionalStr(env, 'MODEL_VERSION'),
    profile,
    runId: str(env, 'RUN_ID', 'adhoc'),
    summaryPath: optionalStr(env, 'SUMMARY_PATH'),
    batch: int(env, 'BATCH', 1, 1, 1024),
    inputShape,
    pixels,
    pool: int(env, 'POOL', 16, 1, 10_000),
    data,
    expectedPath: resolvePath(root, str(env, 'EXPECTED', defaultExpected)),
    expect,
    timeoutMs: duration(env, 'TIMEOUT', 30_000),
    readyTimeoutMs: duration(env, 'READY_TIMEOUT', 0),
    minCheckRate: num(env, 'MIN_CHECK_RATE', 0.999, 0, 1),
    p99Ms: num(env, 'P99_MS', PROFILES[profile].p99Ms, 0.001),
    protoDir: resolvePath(root, str(env, 'PROTO_DIR', 'servers/protos/')),
    load: loadSettings(env, PROFILES[profile].defaults.full),
  };
}
