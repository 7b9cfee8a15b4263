/**
 * A pool of inference worker threads behind the Engine interface. Each worker loads its own
 * engine; predict() goes to an idle worker or waits in a FIFO queue, so a slow inference never
 * blocks the main event loop. A worker error rejects only its call; a crashed worker rejects its
 * in-flight call with a clear message and is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { Engine, EngineName, ModelSignature, TensorMap } from './engine.ts';
import { assertEngineName } from './index.ts';
import { resolveModelVersionDir } from '../model/model-dir.ts';
import { transferables, type FromWorker, type ToWorker, type WorkerConfig } from './worker-protocol.ts';

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
}

export type InferencePool = Engine & {
  /** Live workers. */
  readonly size: number;
  /** Workers running an inference now. */
  readonly busy: number;
  /** Calls waiting for a worker. */
  readonly queued: number;
};

/** Test-only hook: worker `index` dies with an uncaught error on its next predict. */
export const CRASH_WORKER_FOR_TEST = Symbol('crashWorkerForTest');

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL(`./inference-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

interface Job {
  id: number;
  inputs: TensorMap;
  resolve(outputs: TensorMap): void;
  reject(err: Error): void;
}
interface Slot {
  index: number;
  worker: Worker;
  job?: Job;
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
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let disposed = false;

  const dispatch = () => {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (slot.job || slot.replacing) continue;
      const job = queue.shift()!;
      slot.job = job;
      const message: ToWorker = { type: 'predict', id: job.id, inputs: job.inputs };
      slot.worker.postMessage(message, options.transferInputs ? transferables(job.inputs) : []);
    }
  };

  const replace = (slot: Slot, reason: string) => {
    const job = slot.job;
    slot.job = undefined;
    slot.detach?.();
    slot.replacing = true;
    job?.reject(new Error(`inference worker #${slot.index} crashed (${reason}); the request was lost and the worker is being replaced`));
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
      const job = slot.job;
      if ((m.type !== 'result' && m.type !== 'error') || !job || job.id !== m.id) return;
      slot.job = undefined;
      if (m.type === 'result') job.resolve(m.outputs);
      else job.reject(Object.assign(new Error(m.message), { name: m.name }));
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
      return slots.filter((s) => s.job).length;
    },
    get queued() {
      return queue.length;
    },
    predict(inputs: TensorMap): Promise<TensorMap> {
      if (disposed) return Promise.reject(new Error('inference pool is disposed'));
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, inputs, resolve, reject });
        dispatch();
      });
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      const gone = new Error('inference pool disposed');
      for (const job of queue.splice(0)) job.reject(gone);
      await Promise.all(
        slots.map(async (slot) => {
          slot.detach?.();
          slot.job?.reject(gone);
          slot.job = undefined;
          await slot.worker.terminate();
        }),
      );
    },
    [CRASH_WORKER_FOR_TEST](index: number) {
      slots[index].worker.postMessage({ type: 'crash' } satisfies ToWorker);
    },
  } as InferencePool;
}
