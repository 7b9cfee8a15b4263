/**
 * The scenario as one plain-JS ES module that both k6 and the built-in engine run (the repo's
 * own bundling settings: k6 modules external, everything else inlined), sized for a ConfigMap.
 */
import { build } from 'esbuild';
import { basename, extname } from 'node:path';
import { bundleOptions } from '../../build/bundle.ts';
import { ClusterError } from './cluster-options.ts';

/** A ConfigMap holds at most 1 MiB (k6-operator's docs: 1048576 bytes). */
export const CONFIGMAP_MAX_BYTES = 1_048_576;

export interface BundledScenario {
  /** The ConfigMap key and file name: `<script name>.js`. */
  file: string;
  code: string;
}

export async function bundleForConfigMap(script: string): Promise<BundledScenario> {
  let result;
  try {
    result = await build({ ...bundleOptions(), entryPoints: [script], outdir: undefined, sourcemap: false, write: false, logLevel: 'silent' });
  } catch (err) {
    throw new ClusterError(`bundling ${script} failed: ${(err as Error).message}`);
  }
  const code = result.outputFiles[0].text;
  const bytes = Buffer.byteLength(code);
  if (bytes > CONFIGMAP_MAX_BYTES - 4096) {
    throw new ClusterError(`the bundled ${script} is ${bytes} bytes: more than a ConfigMap holds (1 MiB); serve it from a volume instead`);
  }
  const stem = basename(script, extname(script)).replace(/[^-._a-zA-Z0-9]/g, '-');
  return { file: `${stem}.js`, code };
}
