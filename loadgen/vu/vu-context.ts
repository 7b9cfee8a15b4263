/**
 * One VU's JavaScript runtime: a fresh V8 context (its own globals and module state, as k6
 * gives each VU), k6's globals (__ENV, __VU, __ITER, open, console, require for k6 modules),
 * and the bundled script evaluated in it. Returns the script's exports.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { createK6Module } from '../modules/k6-core.ts';
import { createDataModule } from '../modules/k6-data.ts';
import { encodingModule } from '../modules/k6-encoding.ts';
import { createExecutionModule } from '../modules/k6-execution.ts';
import { createGrpcModule } from '../modules/k6-grpc.ts';
import { createHttpModule } from '../modules/k6-http.ts';
import { createMetricsModule } from '../modules/k6-metrics.ts';
import type { VuState } from './vu-state.ts';

export type ScriptExports = Record<string, unknown> & { default?: unknown; options?: Record<string, unknown> };

export interface VuRuntime {
  exports: ScriptExports;
  /** The VU's __ENV (scenario env is merged in while a scenario runs). */
  env: Record<string, string>;
  /** The context's own JSON (setup data is parsed into the VU's realm). */
  parseJson(text: string): unknown;
  /** Closes the VU's in-thread connections. */
  close(): void;
}

/** Thrown for a module the engine does not implement; the message says to use k6. */
export class UnsupportedModule extends Error {
  override name = 'UnsupportedModule';
}

const compiled = new Map<string, vm.Script>();

function script(code: string, filename: string): vm.Script {
  let s = compiled.get(code);
  if (!s) {
    s = new vm.Script(`(function (exports, require, module, __sb_resolve) {${code}\n})`, { filename });
    compiled.set(code, s);
  }
  return s;
}

function makeConsole(vu: VuState) {
  const prefix = () => (vu.id ? `VU ${vu.id}: ` : '');
  const fmt = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
  const out = (line: string) => process.stderr.write(`${line}\n`);
  return {
    log: (...a: unknown[]) => out(`INFO ${prefix()}${fmt(a)}`),
    info: (...a: unknown[]) => out(`INFO ${prefix()}${fmt(a)}`),
    debug: () => {},
    warn: (...a: unknown[]) => out(`WARN ${prefix()}${fmt(a)}`),
    error: (...a: unknown[]) => out(`ERRO ${prefix()}${fmt(a)}`),
  };
}

function safeJson(v: unknown): string {
  if (v instanceof Error || (v && typeof v === 'object' && 'stack' in (v as object) && 'message' in (v as object))) return String((v as Error).message);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export function createVuRuntime(vu: VuState, bundle: { code: string; path: string; dir: string }): VuRuntime {
  const host = vu.host;
  const env = { ...host.env };
  // k6 has the timer globals too; they run on the VU's thread (async scripts).
  const sandbox: Record<string, unknown> = { console: makeConsole(vu), __ENV: env, setTimeout, clearTimeout, setInterval, clearInterval };
  const context = vm.createContext(sandbox, { name: `VU ${vu.id}` });
  const global = vm.runInContext('globalThis', context) as Record<string, unknown> & { Math: Math; JSON: JSON };
  Object.defineProperty(global, '__VU', { get: () => vu.id });
  Object.defineProperty(global, '__ITER', { get: () => vu.iteration });
  global.open = (path: string, mode?: string) => {
    vu.requireInitContext('open()');
    const file = path.startsWith('file://') ? fileURLToPath(path) : isAbsolute(path) ? path : resolve(host.scriptDir, path);
    try {
      const bytes = readFileSync(file);
      if (mode === 'b') {
        const out = new ArrayBuffer(bytes.length);
        new Uint8Array(out).set(bytes);
        return out;
      }
      return bytes.toString('utf8');
    } catch (err) {
      throw new Error(`open(${JSON.stringify(path)}): ${(err as Error).message}`);
    }
  };

  const http = createHttpModule(vu);
  const grpc = createGrpcModule(vu);
  const modules: Record<string, unknown> = {
    k6: createK6Module(vu, global),
    'k6/http': http.module,
    'k6/net/grpc': grpc.module,
    'k6/metrics': createMetricsModule(vu),
    'k6/data': createDataModule(vu),
    'k6/execution': createExecutionModule(vu),
    'k6/encoding': encodingModule,
  };
  const require = (name: string): unknown => {
    const m = modules[name];
    if (m === undefined) {
      throw new UnsupportedModule(`module "${name}" is not supported by servebench's built-in engine (it has ${Object.keys(modules).join(', ')}); run this script with k6 (servebench run --load-engine k6, or k6 run)`);
    }
    return { __esModule: true, default: m, ...(m as object) };
  };
  const resolveFrom = (base: string, spec: string) => new URL(spec, base.startsWith('file:') ? base : pathToFileURL(base).href).href;
  const module = { exports: {} as ScriptExports };
  const fn = script(bundle.code, bundle.path).runInContext(context) as (...a: unknown[]) => void;
  fn(module.exports, require, module, resolveFrom);
  return {
    exports: module.exports,
    env,
    parseJson: (text) => global.JSON.parse(text),
    close() {
      http.close();
      grpc.close();
    },
  };
}
