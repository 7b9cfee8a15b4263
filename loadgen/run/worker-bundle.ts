/**
 * The VU host and I/O thread entries, bundled once into plain JavaScript (esbuild, packages
 * left to node_modules) so every worker thread starts without a TypeScript loader: thread-mode
 * VUs start faster and each costs far less memory. Cached by content under node_modules/.cache;
 * built in a private folder and renamed into place, so processes starting together (parallel
 * test files) never load another's half-written bundle.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const LOADGEN = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(LOADGEN, '..');
const ENTRIES = { host: join(LOADGEN, 'vu/host-worker.ts'), io: join(LOADGEN, 'vu/io-worker.ts') };

function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) h.update(p).update(readFileSync(p));
    }
  };
  walk(LOADGEN);
  return h.digest('hex').slice(0, 16);
}

let built: { host: string; io: string } | undefined;

/** file:// URLs of the bundled host and I/O worker entries (built on first use). */
export function workerEntries(): { host: string; io: string } {
  if (built) return built;
  const dir = join(ROOT, 'node_modules', '.cache', 'servebench-loadgen', sourceHash());
  const out = { host: join(dir, 'host-worker.mjs'), io: join(dir, 'io-worker.mjs') };
  if (!existsSync(out.host) || !existsSync(out.io)) {
    const scratch = `${dir}.${process.pid}-${Date.now()}`;
    mkdirSync(scratch, { recursive: true });
    buildSync({
      entryPoints: { 'host-worker': ENTRIES.host, 'io-worker': ENTRIES.io },
      outdir: scratch,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
      // Bundled code that still asks for `require` (CJS dependencies inlined by mistake) gets one.
      banner: { js: "import { createRequire as __sbCreateRequire } from 'node:module'; const require = __sbCreateRequire(import.meta.url);" },
    });
    try {
      renameSync(scratch, dir);
    } catch {
      // Another process put the same content there first: use its copy; else the folder is a
      // leftover of an older, interrupted build: replace it.
      if (!existsSync(out.host) || !existsSync(out.io)) {
        rmSync(dir, { recursive: true, force: true });
        renameSync(scratch, dir);
      }
    }
    rmSync(scratch, { recursive: true, force: true });
  }
  built = { host: new URL(`file://${out.host}`).href, io: new URL(`file://${out.io}`).href };
  return built;
}
