/**
 * Bundles every k6 entry file `scenarios/*.ts` into `dist/<name>.js` (ESM, k6 modules external,
 * source maps). Usage: tsx build/bundle.ts [--outdir <dir>] [--watch]
 *
 * Another --outdir (a run's own folder, a test's temp dir) keeps parallel builds apart. A bundle
 * outside `<repo>/dist/` finds the repo (expected classes, protos) through SERVEBENCH_ROOT, since
 * its `import.meta.resolve('../')` no longer names the repo root.
 */
import { build, context, type BuildOptions } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

/** The repo root (what a bundle outside dist/ is given as SERVEBENCH_ROOT). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIOS = join(ROOT, 'scenarios');
export const DIST = join(ROOT, 'dist');

/** Every `scenarios/*.ts` entry (not lib/, not declaration files). */
export function scenarioEntries(): string[] {
  return readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(SCENARIOS, e.name))
    .sort();
}

export function bundleOptions(outdir = DIST): BuildOptions {
  return {
    entryPoints: scenarioEntries(),
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    sourcemap: true,
    // k6 built-ins are resolved by k6 itself; everything else is ours and gets inlined.
    external: ['k6', 'k6/*'],
    logLevel: 'warning',
  };
}

/** Writes the bundles into `outdir` (default dist/); returns their paths. */
export async function bundle(outdir = DIST): Promise<string[]> {
  const options = bundleOptions(outdir);
  await build(options);
  const entries = options.entryPoints as string[];
  return entries.map((e) => join(outdir, relative(SCENARIOS, e).replace(/\.ts$/, '.js')));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { outdir: { type: 'string' }, watch: { type: 'boolean' } } });
  const outdir = values.outdir ? resolve(values.outdir) : DIST;
  if (values.watch) {
    const ctx = await context(bundleOptions(outdir));
    await ctx.watch();
    console.error('build: watching scenarios/ for changes');
    return;
  }
  const outputs = await bundle(outdir);
  for (const out of outputs) console.log(relative(ROOT, out));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
