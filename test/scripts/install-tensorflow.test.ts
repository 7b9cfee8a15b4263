/**
 * scripts/install-tensorflow.sh with SERVEBENCH_TF_PYTHON: the interpreter it is given must
 * really import tensorflow, else a clear error (exit 1) and nothing installed. The interpreters
 * here are FAKES (shell scripts answering like a Python with or without TensorFlow).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/install-tensorflow.sh', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'servebench-tf-python-'));

/** A fake `python` that records its arguments and answers `-c 'import tensorflow'` as told. */
function fakePython(name: string, importsTensorflow: boolean): string {
  const path = join(dir, name);
  const answer = importsTensorflow ? 'exit 0' : `echo "Traceback (most recent call last):" >&2; echo "ModuleNotFoundError: No module named 'tensorflow'" >&2; exit 1`;
  writeFileSync(path, `#!/bin/sh\necho "$@" >> "${path}.calls"\n${answer}\n`);
  chmodSync(path, 0o755);
  return path;
}

function install(python: string) {
  const r = spawnSync('bash', [SCRIPT], { env: { PATH: process.env.PATH, SERVEBENCH_TF_PYTHON: python }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stderr: r.stderr };
}

describe('install-tensorflow.sh checks SERVEBENCH_TF_PYTHON', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts an interpreter that imports tensorflow, having asked it', () => {
    const python = fakePython('python-with-tf', true);
    const r = install(python);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'nothing installed, nothing said');
    assert.match(readFileSync(`${python}.calls`, 'utf8'), /^-c import tensorflow$/m);
  });

  it('refuses one that cannot import tensorflow, saying why and what to do', () => {
    const r = install(fakePython('python-without-tf', false));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /SERVEBENCH_TF_PYTHON=\S+python-without-tf cannot import tensorflow \(ModuleNotFoundError: No module named 'tensorflow'\)/);
    assert.match(r.stderr, /pip install tensorflow-cpu.*or unset SERVEBENCH_TF_PYTHON/);
  });

  it('refuses a path that is not an executable', () => {
    const r = install(join(dir, 'no-such-python'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /SERVEBENCH_TF_PYTHON=\S+no-such-python is not an executable Python/);
  });
});
