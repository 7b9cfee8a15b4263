/**
 * The build: one ESM bundle (+ source map) per scenarios/*.ts, k6 modules left external, and
 * every bundle loads on the built-in engine with every profile (`load --inspect`: options only, no load).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { builtinEngine } from '../../runner/load/load-engine.ts';
import { DIST } from '../../build/bundle.ts';
import { ensureBundle, rootEnv, ROOT } from './helpers/run-scenario.ts';

const run = promisify(execFile);
const PROFILES = ['smoke', 'paper', 'concurrency', 'rate', 'peak', 'soak'];

describe('build/bundle.ts', () => {
  let outputs: string[];
  before(async () => {
    outputs = await ensureBundle();
  });

  it('bundles every scenarios/*.ts entry, globbed, into the outdir asked for (here this test\'s own, not dist/)', async () => {
    assert.ok(outputs.every((o) => !o.startsWith(DIST) && existsSync(o)), outputs.join(', '));
    const entries = (await readdir(join(ROOT, 'scenarios'))).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    assert.ok(entries.length >= 8);
    assert.deepEqual(
      outputs.map((o) => o.split('/').pop()).sort(),
      entries.map((e) => e.replace(/\.ts$/, '.js')).sort(),
    );
  });

  it('emits ESM with source maps and imports nothing but k6 modules', async () => {
    for (const out of outputs) {
      const code = await readFile(out, 'utf8');
      assert.match(code, /\/\/# sourceMappingURL=.+\.js\.map/);
      JSON.parse(await readFile(`${out}.map`, 'utf8'));
      const imports = [...code.matchAll(/^import .* from "([^"]+)";?$/gm)].map((m) => m[1]);
      assert.ok(imports.length > 0 && imports.every((i) => i === 'k6' || i.startsWith('k6/')), `${out}: ${imports.join(', ')}`);
      assert.match(code, /export \{[^}]*\bhandleSummary\b/);
    }
  });

  it('every bundle loads on the engine (REST and gRPC ones under every profile), with tags and thresholds', async () => {
    const engine = builtinEngine();
    for (const out of outputs) {
      const all = /\/(null-rest|grpc)\.js$/.test(out);
      for (const profile of all ? PROFILES : ['smoke']) {
        const root = Object.entries(rootEnv(out)).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
        const { stdout } = await run(engine.command, [...engine.prefix, '--inspect', ...root, '-e', `PROFILE=${profile}`, '-e', 'RUN_ID=inspect', '-e', 'POOL=1', out], {
          env: { PATH: process.env.PATH, K6_NO_USAGE_REPORT: 'true' },
        });
        const options = JSON.parse(stdout) as { scenarios: Record<string, { tags?: Record<string, string> }>; tags: Record<string, string>; thresholds: Record<string, unknown> };
        assert.equal(options.tags.profile, profile);
        assert.equal(options.tags.run_id, 'inspect');
        assert.ok(Object.values(options.scenarios).some((s) => s.tags?.phase === 'measure'), `${out} ${profile}`);
        assert.ok('checks{phase:measure}' in options.thresholds);
      }
    }
  });
});
