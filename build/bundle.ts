/**
 * Bundles every k6 entry file `scenarios/*.ts` into `dist/<name>.js` (ESM, k6 modules external,
 * source maps). Usage: tsx build/bundle.ts [--watch]
 */
import { build, context, type BuildOptions } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIOS = join(ROOT, 'scenarios');
export const DIST = join(ROOT, 'dist');

/** Every `scenarios/*.ts` entry (not lib/, not declaration files). */
export function scenarioEntries(): string[] {
  return readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(SCENARIOS, e.name))
    .sort();
}

export function bundleOptions(): BuildOptions {
  return {
    entryPoints: scenarioEntries(),
    outdir: DIST,
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

export async function bundle(): Promise<string[]> {
  const options = bundleOptions();
  await build(options);
  const entries = options.entryPoints as string[];
  return entries.map((e) => join(DIST, relative(SCENARIOS, e).replace(/\.ts$/, '.js')));
}

async function main(): Promise<void> {
  if (process.argv.includes('--watch')) {
    const ctx = await context(bundleOptions());
    await ctx.watch();
    console.error('build: watching scenarios/ for changes');
    return;
  }
  const outputs = await bundle();
  for (const out of outputs) console.log(relative(ROOT, out));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
