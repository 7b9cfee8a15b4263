/**
 * A pool of inference worker threads behind the Engine interface. Each worker loads its own
 * engine; predict() goes to an idle worker or waits in a FIFO queue, so a slow inference never
 * blocks the main event loop. A worker error rejects only its call; a crashed worker rejects its
 * in-flight call with a clear message and is replaced. With batching on, calls that wait in the
 * queue are joined into one inference (request-batching.ts) and each gets its own rows back.
 * The queue is bounded (`maxQueue`: past it a call is refused at once) and a caller that goes away
 * takes its call out of it (pool-queue.ts); run() also says how long the call waited and ran.
 */
import { Worker } from 'node:worker_threads';
import type { Engine, EngineName, ModelSignature, RunOptions, TensorMap, TimedOutputs } from './engine.ts';
import { assertEngineName } from './engine-registry.ts';
import { resolveModelVersionDir } from '../model/model-dir.ts';
import { transferables, type FromWorker, type ToWorker, type WorkerConfig } from './worker-protocol.ts';
import { batchRows, batchableSignature, canJoin, joinInputs, splitOutputs, type BatchingOptions } from './request-batching.ts';
import { PoolQueue, type Job, type QueueCounts } from './pool-queue.ts';

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
  /** Most calls waiting for a worker; a call past it is refused with QueueFullError. Default: unbounded. */
  maxQueue?: number;
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
  /** The queue's bound. */
  readonly maxQueue: number;
  /** Calls admitted, refused (queue full) and cancelled (caller gone) so far. */
  readonly admission: QueueCounts;
  /** Whether a call now would be admitted (false: the queue is full). */
  admits(): boolean;
  /** predict() with the time the call waited for a worker and spent on it. */
  run(inputs: TensorMap, options?: RunOptions): Promise<TimedOutputs>;
  /** Completed work so far: with batching, requests / inferences is the mean batch (in calls). */
  readonly stats: PoolStats;
};

/** Test-only hook: worker `index` dies with an uncaught error on its next predict. */
export const CRASH_WORKER_FOR_TEST = Symbol('crashWorkerForTest');

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL(`./inference-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

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
  const queue = new PoolQueue(options.maxQueue ?? Number.POSITIVE_INFINITY, () => slots.filter((s) => !s.work && !s.replacing).length);
  const stats = { inferences: 0, requests: 0 };
  let nextId = 1;
  let disposed = false;
  let holdTimer: NodeJS.Timeout | undefined;

  /** The next work for a worker: the oldest call, plus (batching) the queued calls that fit with it. */
  const takeWork = (): Work => {
    const jobs = [queue.shift()!];
    if (batching) {
      let rows = batchRows(jobs[0].inputs);
      for (let next = queue.first(); next && canJoin(jobs[0].inputs, next.inputs) && rows + batchRows(next.inputs) <= batching.maxBatchSize; next = queue.first()) {
        rows += batchRows(next.inputs);
        jobs.push(queue.shift()!);
      }
    }
    const now = performance.now();
    for (const job of jobs) job.dispatchedAt = now;
    return { id: nextId++, jobs };
  };

  /** With a batch timeout, an idle worker waits for more calls until the oldest has waited that long. */
  const holdForMore = (): boolean => {
    if (!batching || batching.timeoutMicros <= 0) return false;
    const rows = queue.rows();
    const waitedMs = performance.now() - queue.first()!.queuedAt;
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
        if (slots.length === 0) queue.clear(new Error(`no inference workers left: ${err.message}`));
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

  const run = (inputs: TensorMap, runOptions: RunOptions = {}): Promise<TimedOutputs> => {
    if (disposed) return Promise.reject(new Error('inference pool is disposed'));
    return queue.enqueue(inputs, runOptions.signal, dispatch);
  };

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
    maxQueue: queue.limit,
    admits: () => queue.hasRoom(),
    get stats() {
      return { ...stats };
    },
    get admission() {
      return { ...queue.counts };
    },
    run,
    predict: (inputs: TensorMap, runOptions?: RunOptions): Promise<TensorMap> => run(inputs, runOptions).then((r) => r.outputs),
    async dispose() {
      if (disposed) return;
      disposed = true;
      clearTimeout(holdTimer);
      const gone = new Error('inference pool disposed');
      queue.clear(gone);
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
