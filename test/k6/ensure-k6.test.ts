/** scripts/ensure-k6.sh: a path on stdout, logs on stderr, a clear message for a bad K6_BIN. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { k6Path } from '../../scripts/k6-path.ts';

const run = promisify(execFile);
const SCRIPT = new URL('../../scripts/ensure-k6.sh', import.meta.url).pathname;

describe('scripts/ensure-k6.sh', () => {
  it('prints the path of a k6 >= 2.2, and K6_BIN pointing at it is honoured', async () => {
    const path = k6Path();
    const { stdout } = await run(path, ['version']);
    const [, major, minor] = stdout.match(/k6 v(\d+)\.(\d+)/) ?? [];
    assert.ok(Number(major) > 2 || (Number(major) === 2 && Number(minor) >= 2), stdout);
    const again = await run('bash', [SCRIPT], { env: { ...process.env, K6_BIN: path } });
    assert.equal(again.stdout.trim(), path);
  });

  it('stops with a clear message when K6_BIN is not a usable k6', async () => {
    await assert.rejects(run('bash', [SCRIPT], { env: { ...process.env, K6_BIN: '/bin/true' } }), (err: { code: number; stderr: string; stdout: string }) => {
      assert.equal(err.code, 1);
      assert.equal(err.stdout, '');
      assert.match(err.stderr, /K6_BIN=\/bin\/true is not an executable k6 >= 2\.2/);
      return true;
    });
  });
});
