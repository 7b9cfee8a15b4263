/**
 * A VU host thread: initialises its VUs (one context each), runs their iterations as the
 * coordinator asks (a loop until a time, N iterations, shared iterations claimed from a shared
 * counter, or one arrival-rate iteration), aggregates their samples locally and ships deltas
 * to the coordinator about once a second.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createGrpcTransport } from '../grpc/grpc-transport.ts';
import { createHttpTransport } from '../http/http-transport.ts';
import { createAggregator } from '../run/aggregator.ts';
import { frozenArray, serialiseShared } from '../modules/k6-data.ts';
import { SegmentedExecution } from '../segments/execution-segment.ts';
import { IterationInterrupted, type HostServices, type InstanceCounters } from './host-services.ts';
import { GRACEFUL_STOP, HARD_STOP, type FromHost, type HostWorkerData, type RunSpec, type ScenarioRef, type ToHost } from './host-protocol.ts';
import { PortSyncIo, SIGNAL_WORD } from './sync-io.ts';
import { createVuRuntime, type VuRuntime } from './vu-context.ts';
import { VuState, type ScenarioState } from './vu-state.ts';
import { TestAborted, runIteration } from './iteration.ts';

const data = workerData as HostWorkerData & { ioPort: MessagePort };
const port = parentPort as NonNullable<typeof parentPort>;
const control = new Int32Array(data.control);
const send = (m: FromHost) => port.postMessage(m);

const aggregator = createAggregator(data.metricDefs, data.submetrics, data.streamSamples);
const warned = new Set<string>();
let testStart = 0;
const counters: InstanceCounters = { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 };
const shared = new Map<string, readonly unknown[]>();
let lastShip = Date.now();

function ship(): void {
  lastShip = Date.now();
  const { delta, samples } = aggregator.takeDelta();
  send({ t: 'delta', delta, samples });
}

const services: HostServices = {
  testTags: data.testTags,
  env: data.env,
  scriptDir: data.bundle.dir,
  options: data.options,
  testStartTime: () => testStart,
  emit(metric, value, tags, time) {
    aggregator.add(metric, value, tags, time);
    if (time - lastShip >= 1000) ship();
  },
  addCheck: (path, name, passed) => aggregator.addCheck(path, name, passed),
  registerMetric: (def) => aggregator.registerMetric(def),
  sharesThread: data.sharesThread,
  syncIo: new PortSyncIo(data.ioPort, control),
  newHttpTransport: () => createHttpTransport(),
  grpcTransport: createGrpcTransport(),
  sharedArray(name, build) {
    let arr = shared.get(name);
    if (!arr) {
      const json = data.shared[name] ?? serialiseShared(name, build());
      arr = frozenArray(json);
      shared.set(name, arr);
    }
    return arr;
  },
  abortTest(reason) {
    throw new TestAborted(reason ?? 'test aborted');
  },
  sleep(ms, slot) {
    const deadline = Date.now() + ms;
    for (let left = ms; left > 0; left = deadline - Date.now()) {
      // Clear the signal before looking at the stop state: a stop raised in between then still
      // finds the signal set and the wait returns at once (the other order lost that wake-up).
      Atomics.store(control, SIGNAL_WORD, 0);
      services.checkInterrupted(slot);
      Atomics.wait(control, SIGNAL_WORD, 0, left);
    }
  },
  checkInterrupted(slot) {
    if (Atomics.load(control, 1 + slot) === HARD_STOP) throw new IterationInterrupted('iteration interrupted');
  },
  counters,
  warnOnce(key, message) {
    if (warned.has(key)) return;
    warned.add(key);
    process.stderr.write(`WARN ${message}\n`);
  },
};

interface Slot {
  state: VuState;
  runtime: VuRuntime;
  setupJson?: string;
  setupData?: unknown;
}
const slots = new Map<number, Slot>();

function scenarioState(ref: ScenarioRef, iterationInScenario: number): ScenarioState {
  return {
    name: ref.name,
    executor: ref.executor,
    startTime: ref.startTime,
    tags: ref.tags,
    env: ref.env,
    iterationInScenario,
    iterationInTest: 0,
    iterationInInstance: 0,
    progress: () => Math.min(1, Math.max(0, (Date.now() - ref.startTime) / Math.max(1, ref.plannedMs))),
  };
}

function dataFor(slot: Slot, json: string | undefined): unknown {
  if (json === undefined) return undefined;
  if (slot.setupJson !== json) {
    slot.setupJson = json;
    slot.setupData = slot.runtime.parseJson(json);
  }
  return slot.setupData;
}

function stopState(slot: number): number {
  return Atomics.load(control, 1 + slot);
}

async function run(m: Extract<ToHost, { t: 'run' }>): Promise<void> {
  const slot = slots.get(m.slot);
  if (!slot) throw new Error(`no VU in slot ${m.slot}`);
  testStart = m.testStart;
  const { state, runtime } = slot;
  const fn = runtime.exports[m.scenario.exec];
  if (typeof fn !== 'function') throw new Error(`function "${m.scenario.exec}" is not exported by the script`);
  const arg = dataFor(slot, m.setupData);
  const sc = scenarioState(m.scenario, m.iterationInScenario);
  state.scenario = sc;
  state.phase = 'vu';
  const saved = Object.keys(m.scenario.env).map((k) => [k, runtime.env[k]] as const);
  Object.assign(runtime.env, m.scenario.env);
  counters.vusActive++;
  let iterations = 0;
  let interrupted = false;
  const spec: RunSpec = m.spec;
  const counter = spec.mode !== 'one' && spec.counter ? new Int32Array(spec.counter) : null;
  const segment = spec.mode !== 'one' && counter ? SegmentedExecution.parse(spec.segment ?? undefined, spec.sequence ?? undefined) : null;
  try {
    for (;;) {
      if (stopState(m.slot) !== 0) break;
      if (spec.mode === 'one') {
        if (iterations === 1) break;
        sc.iterationInTest = spec.iterationInTest;
        sc.iterationInInstance = spec.iterationInInstance ?? sc.iterationInScenario;
      } else {
        if (Date.now() >= spec.endAt) break;
        if (spec.mode === 'count' && iterations >= spec.iterations) break;
        if (counter) {
          // One number per iteration of the scenario on this instance, mapped to the test-wide index.
          const local = Atomics.add(counter, 0, 1);
          if (spec.mode === 'shared' && local >= spec.total) break;
          sc.iterationInTest = (segment as SegmentedExecution).globalIndex(local);
          sc.iterationInInstance = local;
        } else {
          sc.iterationInTest = sc.iterationInScenario;
          sc.iterationInInstance = sc.iterationInScenario;
        }
      }
      const outcome = await runIteration(state, fn as (d: unknown) => unknown, arg);
      iterations++;
      sc.iterationInScenario++;
      if (outcome === 'interrupted') {
        interrupted = true;
        counters.iterationsInterrupted++;
        break;
      }
      counters.iterationsCompleted++;
    }
  } finally {
    counters.vusActive--;
    state.scenario = null;
    for (const [k, v] of saved) {
      if (v === undefined) delete runtime.env[k];
      else runtime.env[k] = v;
    }
  }
  send({ t: 'ran', slot: m.slot, iterations, interrupted, iterationInScenario: sc.iterationInScenario });
}

async function call(m: Extract<ToHost, { t: 'call' }>): Promise<void> {
  const slot = slots.get(m.slot);
  if (!slot) throw new Error(`no VU in slot ${m.slot}`);
  testStart = m.testStart;
  const fn = slot.runtime.exports[m.fn];
  slot.state.phase = m.fn;
  try {
    const arg = m.arg === undefined ? undefined : slot.runtime.parseJson(m.arg);
    let result = typeof fn === 'function' ? (fn as (d: unknown) => unknown)(arg) : undefined;
    if (result && typeof (result as Promise<unknown>).then === 'function') result = await result;
    ship();
    send({ t: 'called', slot: m.slot, result: result === undefined ? undefined : JSON.stringify(result) });
  } catch (err) {
    ship();
    if (err instanceof TestAborted) send({ t: 'abort', reason: err.message });
    send({ t: 'called', slot: m.slot, result: undefined, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
}

function init(vus: { slot: number; id: number; idInInstance: number }[]): void {
  for (const v of vus) {
    const state = new VuState(v.id, v.idInInstance, services, v.slot);
    const runtime = createVuRuntime(state, data.bundle);
    state.phase = 'vu';
    slots.set(v.slot, { state, runtime });
    counters.vusInitialized++;
  }
}

port.on('message', (m: ToHost) => {
  switch (m.t) {
    case 'init':
      try {
        init(m.vus);
        send({ t: 'inited', slots: m.vus.map((v) => v.slot) });
      } catch (err) {
        send({ t: 'initError', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
      return;
    case 'run':
      run(m).catch((err: unknown) => {
        ship();
        if (err instanceof TestAborted) send({ t: 'abort', reason: err.message });
        else send({ t: 'fatal', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        // The VU has stopped either way: the coordinator waits for this before it ends the scenario.
        send({ t: 'ran', slot: m.slot, iterations: 0, interrupted: true, iterationInScenario: m.iterationInScenario });
      });
      return;
    case 'call':
      void call(m);
      return;
    case 'flush':
      ship();
      send({ t: 'flushed' });
      return;
    case 'close':
      for (const s of slots.values()) s.runtime.close();
      for (const s of slots.values()) services.syncIo.post({ op: 'http.close', vu: s.state.id });
      ship();
      port.close();
      data.ioPort.close();
      return;
  }
});
