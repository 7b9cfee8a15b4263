// Worker entry that can start a TypeScript worker. Node cannot load `.ts` in a worker thread on
// its own, and loader hooks from `--import tsx` / `npx tsx` are not inherited by workers on
// Node 20, so when the entry is `.ts` we register tsx's ESM hooks here first, then import it.
// A compiled `.js` entry is imported directly (tsx is then not needed).
import { workerData } from 'node:worker_threads';

const entry = workerData.entry;
if (/\.[cm]?ts$/.test(new URL(entry).pathname)) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(entry);
