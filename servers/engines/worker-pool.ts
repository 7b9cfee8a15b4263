/**
 * A pool of inference worker threads behind the Engine interface. Each worker loads its own
 * engine; predict() goes to an idle worker or waits in a FIFO queue, so a slow inference never
 * blocks the main event loop. A worker error rejects only its call; a crashed worker rejects its
 * in-flight call with a clear message and is replaced. With batching on, calls that wait in the
 * queue are joined into one inference (request-batching.ts) and each gets its own rows back.
 */
import { Worker } from 'node:worker_threads';
import type { Engine, EngineName, ModelSignature, TensorMap } from './engine.ts';
import { assertEngineName } from './index.ts';
import { resolveModelVersionDir } from '../model/model-dir.ts';
import { transferables, type FromWorker, type ToWorker, type WorkerConfig } from './worker-protocol.ts';
import { batchRows, batchableSignature, canJoin, joinInputs, splitOutputs, type BatchingOptions } from './request-batching.ts';

export interface InferencePoolOptions {
  engine: EngineName | string;
  modelDir: string;
  /** Intra-op threads per worker. */
  threads: number;
  /** Number of worker threads. */
  workers: number;
  /** Test/benchmark only: each inference also blocks its worker this long. */
  delayMs?: number;
  /** Hand input buffers over to the worker (zero-copy; the caller's arrays become unusable). Default: copy. */
  transferInputs?: boolean;
  /** Server-side batching of queued calls; off when absent. */
  batching?: BatchingOptions;
}

export interface PoolStats {
  /** Engine calls the workers ran (a joined batch counts once). */
  inferences: number;
  /** predict() calls answered by them. */
  requests: number;
}

export type InferencePool = Engine & {
  /** Live workers. */
  readonly size: number;
  /** Workers running an inference now. */
  readonly busy: number;
  /** Calls waiting for a worker. */
  readonly queued: number;
  /** Completed work so far: with batching, requests / inferences is the mean batch (in calls). */
  readonly stats: PoolStats;
};

/** Test-only hook: worker `index` dies with an uncaught error on its next predict. */
export const CRASH_WORKER_FOR_TEST = Symbol('crashWorkerForTest');

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL(`./inference-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

interface Job {
  inputs: TensorMap;
  /** performance.now() when queued. */
  queuedAt: number;
  resolve(outputs: TensorMap): void;
  reject(err: Error): void;
}
/** What one worker runs at a time: one call, or several joined. */
interface Work {
  id: number;
  jobs: Job[];
}
interface Slot {
  index: number;
  worker: Worker;
  work?: Work;
  /** True while a replacement worker loads; the slot takes no work. */
  replacing?: boolean;
  detach?: () => void;
}

function startWorker(config: WorkerConfig): Promise<{ worker: Worker; signature: ModelSignature }> {
  const worker = new Worker(BOOTSTRAP, { workerData: config });
  return new Promise((resolve, reject) => {
    // Remove only our own listeners: worker.removeAllListeners() also drops Node's internal
    // ones and silently stops message delivery.
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const fail = (err: Error) => {
      cleanup();
      void worker.terminate();
      reject(err);
    };
    const onMessage = (m: FromWorker) => {
      if (m.type !== 'ready') return fail(new Error(m.type === 'load-error' ? m.message : `unexpected first message ${m.type} from inference worker`));
      cleanup();
      resolve({ worker, signature: m.signature });
    };
    const onError = (err: Error) => fail(new Error(`inference worker failed to start: ${err.message}`));
    const onExit = (code: number) => fail(new Error(`inference worker exited with code ${code} while loading`));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export async function createInferencePool(options: InferencePoolOptions): Promise<InferencePool> {
  const count = Math.max(1, Math.floor(options.workers));
  const config: WorkerConfig = {
    entry: ENTRY.href,
    engine: assertEngineName(options.engine),
    modelDir: await resolveModelVersionDir(options.modelDir),
    threads: Math.max(1, options.threads),
    delayMs: options.delayMs ?? 0,
  };
  const started = await Promise.allSettled(Array.from({ length: count }, () => startWorker(config)));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') await s.value.worker.terminate();
    throw failed.reason;
  }
  const ready = started.map((s) => (s as PromiseFulfilledResult<{ worker: Worker; signature: ModelSignature }>).value);
  const signature = ready[0].signature;
  const batching = options.batching;
  if (batching && !batchableSignature(signature)) {
    for (const { worker } of ready) await worker.terminate();
    throw new Error(
      `server-side batching needs every model input and output to have a variable first (batch) dimension; ` +
        `this model's signature is ${JSON.stringify(signature)}`,
    );
  }
  const slots: Slot[] = [];
  const queue: Job[] = [];
  const stats: PoolStats = { inferences: 0, requests: 0 };
  let nextId = 1;
  let disposed = false;
  let holdTimer: NodeJS.Timeout | undefined;

  /** The next work for a worker: the oldest call, plus (batching) the queued calls that fit with it. */
  const takeWork = (): Work => {
    const jobs = [queue.shift()!];
    if (batching) {
      let rows = batchRows(jobs[0].inputs);
      while (queue.length > 0 && canJoin(jobs[0].inputs, queue[0].inputs) && rows + batchRows(queue[0].inputs) <= batching.maxBatchSize) {
        rows += batchRows(queue[0].inputs);
        jobs.push(queue.shift()!);
      }
    }
    return { id: nextId++, jobs };
  };

  /** With a batch timeout, an idle worker waits for more calls until the oldest has waited that long. */
  const holdForMore = (): boolean => {
    if (!batching || batching.timeoutMicros <= 0) return false;
    const rows = queue.reduce((n, j) => n + batchRows(j.inputs), 0);
    const waitedMs = performance.now() - queue[0].queuedAt;
    const leftMs = batching.timeoutMicros / 1000 - waitedMs;
    if (rows >= batching.maxBatchSize || leftMs <= 0) return false;
    holdTimer ??= setTimeout(() => {
      holdTimer = undefined;
      dispatch();
    }, Math.ceil(leftMs));
    return true;
  };

  const dispatch = () => {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.work || slot.replacing) continue;
      if (holdForMore()) return;
      const work = takeWork();
      slot.work = work;
      const joined = work.jobs.length > 1;
      const inputs = joined ? joinInputs(work.jobs.map((j) => j.inputs)) : work.jobs[0].inputs;
      const message: ToWorker = { type: 'predict', id: work.id, inputs };
      slot.worker.postMessage(message, joined || options.transferInputs ? transferables(inputs) : []);
    }
  };

  const finish = (work: Work, outcome: { outputs: TensorMap } | { error: Error }) => {
    stats.inferences++;
    stats.requests += work.jobs.length;
    if ('error' in outcome) {
      for (const job of work.jobs) job.reject(outcome.error);
      return;
    }
    let answers: TensorMap[];
    try {
      answers = splitOutputs(outcome.outputs, work.jobs.map((j) => batchRows(j.inputs)));
    } catch (err) {
      for (const job of work.jobs) job.reject(err as Error);
      return;
    }
    work.jobs.forEach((job, i) => job.resolve(answers[i]));
  };

  const replace = (slot: Slot, reason: string) => {
    const work = slot.work;
    slot.work = undefined;
    slot.detach?.();
    slot.replacing = true;
    const lost = new Error(`inference worker #${slot.index} crashed (${reason}); the request was lost and the worker is being replaced`);
    for (const job of work?.jobs ?? []) job.reject(lost);
    if (disposed) return;
    startWorker(config).then(
      ({ worker }) => {
        if (disposed) return void worker.terminate();
        slot.replacing = false;
        attach(slot, worker);
        dispatch();
      },
      (err: Error) => {
        console.error(`inference worker #${slot.index} could not be replaced: ${err.message}`);
        slots.splice(slots.indexOf(slot), 1);
        if (slots.length === 0) for (const j of queue.splice(0)) j.reject(new Error(`no inference workers left: ${err.message}`));
      },
    );
  };

  const attach = (slot: Slot, worker: Worker) => {
    slot.worker = worker;
    const onMessage = (m: FromWorker) => {
      const work = slot.work;
      if ((m.type !== 'result' && m.type !== 'error') || !work || work.id !== m.id) return;
      slot.work = undefined;
      finish(work, m.type === 'result' ? { outputs: m.outputs } : { error: Object.assign(new Error(m.message), { name: m.name }) });
      dispatch();
    };
    const onError = (err: Error) => replace(slot, `uncaught ${err.name}: ${err.message}`);
    const onExit = (code: number) => replace(slot, `exited with code ${code}`);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    slot.detach = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
  };

  ready.forEach(({ worker }, index) => {
    const slot: Slot = { index, worker };
    slots.push(slot);
    attach(slot, worker);
  });

  return {
    name: config.engine,
    signature,
    get size() {
      return slots.filter((s) => !s.replacing).length;
    },
    get busy() {
      return slots.filter((s) => s.work).length;
    },
    get queued() {
      return queue.length;
    },
    get stats() {
      return { ...stats };
    },
    predict(inputs: TensorMap): Promise<TensorMap> {
      if (disposed) return Promise.reject(new Error('inference pool is disposed'));
      return new Promise((resolve, reject) => {
        queue.push({ inputs, queuedAt: performance.now(), resolve, reject });
        dispatch();
      });
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      clearTimeout(holdTimer);
      const gone = new Error('inference pool disposed');
      for (const job of queue.splice(0)) job.reject(gone);
      await Promise.all(
        slots.map(async (slot) => {
          slot.detach?.();
          for (const job of slot.work?.jobs ?? []) job.reject(gone);
          slot.work = undefined;
          await slot.worker.terminate();
        }),
      );
    },
    [CRASH_WORKER_FOR_TEST](index: number) {
      slots[index].worker.postMessage({ type: 'crash' } satisfies ToWorker);
    },
  } as InferencePool;
}
