/**
 * The main thread's own runtime of the script: its init code runs once here first (as k6 does
 * to read `options`), which also builds every SharedArray once for all VUs and collects the
 * custom metrics. handleSummary later runs in this same runtime.
 */
import type { MetricDef, Tags } from '../metrics/sample.ts';
import { frozenArray, serialiseShared } from '../modules/k6-data.ts';
import type { HostServices } from '../vu/host-services.ts';
import type { SyncIo } from '../vu/sync-io.ts';
import { createVuRuntime, type VuRuntime } from '../vu/vu-context.ts';
import { VuState } from '../vu/vu-state.ts';
import { TestAborted } from '../vu/iteration.ts';

export interface OptionsRuntime {
  runtime: VuRuntime;
  state: VuState;
  shared: Record<string, string>;
  metricDefs: MetricDef[];
}

const noIo: SyncIo = {
  call() {
    throw new Error('network calls are not allowed in the init context');
  },
  post() {},
};

export function evaluateInit(bundle: { code: string; path: string; dir: string }, env: Record<string, string>, testTags: Tags): OptionsRuntime {
  const shared: Record<string, string> = {};
  const arrays = new Map<string, readonly unknown[]>();
  const defs = new Map<string, MetricDef>();
  const services: HostServices = {
    testTags,
    env,
    scriptDir: bundle.dir,
    options: {},
    testStartTime: () => 0,
    emit() {},
    addCheck() {},
    registerMetric(def) {
      const known = defs.get(def.name);
      if (known && (known.type !== def.type || known.contains !== def.contains)) {
        throw new Error(`metric "${def.name}" is already registered as a ${known.type} (${known.contains}); cannot register it again as a ${def.type}`);
      }
      defs.set(def.name, def);
    },
    sharesThread: false,
    syncIo: noIo,
    newHttpTransport() {
      throw new Error('http.asyncRequest cannot be called in the init context');
    },
    grpcTransport: {
      connect() {
        throw new Error('grpc Client.connect cannot be called in the init context');
      },
    },
    sharedArray(name, build) {
      let arr = arrays.get(name);
      if (!arr) {
        shared[name] = serialiseShared(name, build());
        arr = frozenArray(shared[name]);
        arrays.set(name, arr);
      }
      return arr;
    },
    abortTest(reason) {
      throw new TestAborted(reason ?? 'test aborted');
    },
    sleep() {},
    checkInterrupted() {},
    counters: { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 },
    warnOnce(_key, message) {
      process.stderr.write(`WARN ${message}\n`);
    },
  };
  const state = new VuState(0, 0, services);
  const runtime = createVuRuntime(state, bundle);
  return { runtime, state, shared, metricDefs: [...defs.values()] };
}
