/**
 * The instance's VUs: host threads (one VU each for blocking scripts, many async VUs each
 * otherwise), the I/O threads behind blocking calls, VU initialisation, and the commands that
 * make a VU run. The coordinator asks for VUs and hands back free ones; deltas of metrics
 * arrive through `onDelta`. Stop states are written to shared memory, so a VU blocked in a
 * call can be interrupted.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';
import { GRACEFUL_STOP, HARD_STOP, RUN, type FromHost, type HostWorkerData, type RunSpec, type ScenarioRef, type ToHost } from '../vu/host-protocol.ts';
import { SIGNAL_WORD } from '../vu/sync-io.ts';

import { workerEntries } from './worker-bundle.ts';

export type VuMode = 'thread' | 'shared';

/** What every host thread is started with (its HostWorkerData, less the per-thread parts). */
type HostShared = Pick<HostWorkerData, 'bundle' | 'env' | 'testTags' | 'options' | 'shared' | 'metricDefs' | 'submetrics' | 'streamSamples'>;

export interface PoolConfig extends HostShared {
  mode: VuMode;
  /** shared mode: host threads (default: the cores). */
  hostThreads?: number;
  ioThreads?: number;
  onDelta(delta: unknown, samples: unknown[] | undefined): void;
  onAbort(reason: string): void;
  onFatal(error: string): void;
}

interface Host {
  worker: Worker;
  control: Int32Array;
  capacity: number;
  slots: number[];
  pending: Map<string, (m: FromHost) => void>;
}

export interface Vu {
  /** exec.vu.idInTest */
  id: number;
  idInInstance: number;
  host: Host;
  slot: number;
  busy: boolean;
  /** Iterations per scenario so far (__ITER / iterationInScenario). */
  iterations: Map<string, number>;
}

export interface RanResult {
  iterations: number;
  interrupted: boolean;
}

const SLOTS_PER_SHARED_HOST = 4096;
const HOSTS_PER_IO_THREAD = 64;

export class VuPool {
  readonly vus: Vu[] = [];
  private readonly hosts: Host[] = [];
  /** The setup/teardown runtime's thread: never given scenario VUs. */
  private readonly setupHosts: Host[] = [];
  private readonly io: Worker[] = [];
  private ioNext = 0;
  /** Iterations cut off by a stop (gracefulStop over, test aborted), for the progress line. */
  interruptedIterations = 0;
  private closed = false;

  constructor(private readonly config: PoolConfig) {
    this.addIoThread();
  }

  /**
   * One I/O thread serves up to HOSTS_PER_IO_THREAD host threads; more are added as hosts are,
   * up to `ioThreads` (default: the cores). Measured (BENCHMARKS.md): with 8 blocking VUs on two
   * cores a second I/O thread cost ~15 % more CPU per request (more threads to wake) and added
   * no throughput; one I/O thread answers several thousand requests a second.
   */
  private ioFor(hostIndex: number): Worker {
    const cap = this.config.ioThreads ?? Math.max(1, availableParallelism());
    if (this.io.length < cap && hostIndex >= this.io.length * HOSTS_PER_IO_THREAD) this.addIoThread();
    return this.io[this.ioNext++ % this.io.length];
  }

  private addIoThread(): void {
    const worker = new Worker(new URL(workerEntries().io));
    worker.on('error', (err) => this.config.onFatal(`I/O thread failed: ${err.stack ?? err.message}`));
    this.io.push(worker);
  }

  private newHost(capacity: number): Host {
    const control = new SharedArrayBuffer(4 * (1 + capacity));
    const channel = new MessageChannel();
    this.ioFor(this.hosts.length).postMessage({ t: 'link', port: channel.port2, signal: control }, [channel.port2]);
    const { bundle, env, testTags, options, shared, metricDefs, submetrics, streamSamples } = this.config;
    const data: HostWorkerData & { ioPort: unknown } = {
      entry: workerEntries().host,
      hostId: this.hosts.length,
      ...{ bundle, env, testTags, options, shared, metricDefs, submetrics, streamSamples },
      control,
      sharesThread: capacity > 1,
      ioPort: channel.port1,
    };
    const worker = new Worker(new URL(workerEntries().host), { workerData: data, transferList: [channel.port1] });
    const host: Host = { worker, control: new Int32Array(control), capacity, slots: [], pending: new Map() };
    worker.on('message', (m: FromHost) => this.onMessage(host, m));
    worker.on('error', (err) => this.config.onFatal(`VU thread failed: ${err.stack ?? err.message}`));
    this.hosts.push(host);
    return host;
  }

  private onMessage(host: Host, m: FromHost): void {
    switch (m.t) {
      case 'delta':
        this.config.onDelta(m.delta, m.samples);
        return;
      case 'abort':
        this.config.onAbort(m.reason);
        return;
      case 'fatal':
        this.config.onFatal(m.error);
        return;
      case 'inited':
      case 'initError':
        host.pending.get('init')?.(m);
        return;
      case 'ran':
        host.pending.get(`ran:${m.slot}`)?.(m);
        return;
      case 'called':
        host.pending.get(`called:${m.slot}`)?.(m);
        return;
      case 'flushed':
        host.pending.get('flush')?.(m);
        return;
    }
  }

  private await<T extends FromHost>(host: Host, key: string): Promise<T> {
    return new Promise((resolve) => {
      host.pending.set(key, (m) => {
        host.pending.delete(key);
        resolve(m as T);
      });
    });
  }

  private post(host: Host, m: ToHost): void {
    host.worker.postMessage(m);
  }

  /** Initialises `count` more VUs (ids continue from the current pool), in parallel across hosts. */
  async grow(count: number, idOf: (idInInstance: number) => number): Promise<Vu[]> {
    const added: Vu[] = [];
    const byHost = new Map<Host, { slot: number; id: number; idInInstance: number }[]>();
    for (let i = 0; i < count; i++) {
      const idInInstance = this.vus.length + 1;
      const host = this.placeFor();
      const slot = host.slots.length;
      host.slots.push(slot);
      const vu: Vu = { id: idOf(idInInstance), idInInstance, host, slot, busy: false, iterations: new Map() };
      this.vus.push(vu);
      added.push(vu);
      const list = byHost.get(host) ?? [];
      list.push({ slot, id: vu.id, idInInstance });
      byHost.set(host, list);
    }
    await Promise.all(
      [...byHost].map(async ([host, vus]) => {
        const reply = this.await<Extract<FromHost, { t: 'inited' | 'initError' }>>(host, 'init');
        this.post(host, { t: 'init', vus });
        const m = await reply;
        if (m.t === 'initError') throw new Error(m.error);
      }),
    );
    return added;
  }

  /** The runtime setup() and teardown() run in: VU id 0 on a thread of its own. */
  async setupVu(): Promise<Vu> {
    const host = this.newHost(1);
    this.hosts.splice(this.hosts.indexOf(host), 1);
    this.setupHosts.push(host);
    host.slots.push(0);
    const vu: Vu = { id: 0, idInInstance: 0, host, slot: 0, busy: false, iterations: new Map() };
    const reply = this.await<Extract<FromHost, { t: 'inited' | 'initError' }>>(host, 'init');
    this.post(host, { t: 'init', vus: [{ slot: 0, id: 0, idInInstance: 0 }] });
    const m = await reply;
    if (m.t === 'initError') throw new Error(m.error);
    return vu;
  }

  get size(): number {
    return this.vus.length;
  }

  private placeFor(): Host {
    if (this.config.mode === 'thread') return this.newHost(1);
    const wanted = this.config.hostThreads ?? Math.max(1, availableParallelism());
    if (this.hosts.length < wanted) return this.newHost(SLOTS_PER_SHARED_HOST);
    // Fill the least loaded host.
    return this.hosts.reduce((a, b) => (b.slots.length < a.slots.length ? b : a));
  }

  /** Runs the VU per spec; resolves when it stops. */
  run(vu: Vu, scenario: ScenarioRef, spec: RunSpec, setupData: string | undefined, testStart: number): Promise<RanResult> {
    vu.busy = true;
    Atomics.store(vu.host.control, 1 + vu.slot, RUN);
    const reply = this.await<Extract<FromHost, { t: 'ran' }>>(vu.host, `ran:${vu.slot}`);
    this.post(vu.host, { t: 'run', slot: vu.slot, scenario, spec, setupData, iterationInScenario: vu.iterations.get(scenario.name) ?? 0, testStart });
    return reply.then((m) => {
      vu.busy = false;
      vu.iterations.set(scenario.name, m.iterationInScenario);
      if (m.interrupted) this.interruptedIterations++;
      return { iterations: m.iterations, interrupted: m.interrupted };
    });
  }

  /** setup() / teardown() in VU `vu` (the setup runtime); resolves with the JSON result. */
  async call(vu: Vu, fn: 'setup' | 'teardown', arg: string | undefined, testStart: number): Promise<{ result?: string; error?: string }> {
    const reply = this.await<Extract<FromHost, { t: 'called' }>>(vu.host, `called:${vu.slot}`);
    this.post(vu.host, { t: 'call', slot: vu.slot, fn, arg, testStart });
    const m = await reply;
    return { result: m.result, error: m.error };
  }

  /** Stop after the current iteration. */
  stopGracefully(vu: Vu): void {
    Atomics.store(vu.host.control, 1 + vu.slot, GRACEFUL_STOP);
  }

  /** Interrupt now: wakes a VU blocked in a call or sleep. */
  interrupt(vu: Vu): void {
    Atomics.store(vu.host.control, 1 + vu.slot, HARD_STOP);
    Atomics.store(vu.host.control, SIGNAL_WORD, 2);
    Atomics.notify(vu.host.control, SIGNAL_WORD);
  }

  /** Asks every host for its latest metrics (after the test, before the summary). */
  async flush(): Promise<void> {
    await Promise.all(
      [...this.hosts, ...this.setupHosts].map((h) => {
        const reply = this.await(h, 'flush');
        this.post(h, { t: 'flush' });
        return reply;
      }),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const hosts = [...this.hosts, ...this.setupHosts];
    for (const h of hosts) this.post(h, { t: 'close' });
    await new Promise((r) => setTimeout(r, 20));
    await Promise.all([...hosts.map((h) => h.worker.terminate()), ...this.io.map((w) => w.terminate())]);
  }
}
