/**
 * Bundles a k6 script (TypeScript or JavaScript, with its local imports) into one CommonJS
 * string the engine evaluates once per VU. `k6` and `k6/*` stay `require` calls answered by the
 * engine's own modules; remote (`https://`) imports stay external so the engine can name them.
 * `import.meta.resolve(x)` and `import.meta.url` are rewritten per file to that file's own URL.
 */
import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BundledScript {
  /** Absolute path of the entry file. */
  path: string;
  /** Directory that `open()` and `client.load()` resolve relative paths against. */
  dir: string;
  /** CommonJS source: reads `require`, `module`, `exports`, `__sb_resolve`. */
  code: string;
}

export class ScriptError extends Error {
  override name = 'ScriptError';
}

const SOURCE = /\.(m?[jt]s|[jt]sx)$/;

/** Rewrites import.meta.* in each source file so bundling keeps each file's own URL. */
const importMetaPlugin: Plugin = {
  name: 'servebench-import-meta',
  setup(b) {
    b.onLoad({ filter: SOURCE }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      const contents = text
        .replace(/import\.meta\.resolve\s*\(/g, `__sb_resolve(${url}, `)
        .replace(/import\.meta\.url/g, url);
      const ext = extname(args.path).slice(1);
      const loader = ext === 'mts' ? 'ts' : ext === 'mjs' ? 'js' : (ext as 'ts' | 'js' | 'tsx' | 'jsx');
      return { contents, loader };
    });
  },
};

/** Remote modules are kept as `require("https://…")`; the engine refuses them with a clear message. */
const remotePlugin: Plugin = {
  name: 'servebench-remote',
  setup(b) {
    b.onResolve({ filter: /^https?:\/\// }, (args) => ({ path: args.path, external: true }));
  },
};

export async function bundleScript(scriptPath: string): Promise<BundledScript> {
  const path = resolve(scriptPath);
  try {
    const result = await build({
      entryPoints: [path],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      target: 'es2022',
      mainFields: ['module', 'main'],
      external: ['k6', 'k6/*'],
      plugins: [importMetaPlugin, remotePlugin],
      logLevel: 'silent',
      sourcemap: false,
    });
    return { path, dir: dirname(path), code: result.outputFiles[0].text };
  } catch (err) {
    const errors = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const detail = errors?.length
      ? errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text)).join('\n')
      : String(err);
    throw new ScriptError(`cannot bundle ${scriptPath}:\n${detail}`);
  }
}
