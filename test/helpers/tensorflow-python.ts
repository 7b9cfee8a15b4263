/**
 * Finds a Python that can `import tensorflow`: $SERVEBENCH_TF_PYTHON, else the repo's venv
 * (.tools/tf-venv, made by `python3 -m venv .tools/tf-venv && .tools/tf-venv/bin/pip install tensorflow-cpu`),
 * else python3. Returns the interpreter, or the reason none works (for a clear skip).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const VENV_PYTHON = fileURLToPath(new URL('../../.tools/tf-venv/bin/python', import.meta.url));

export async function findTensorflowPython(env: NodeJS.ProcessEnv = process.env): Promise<{ python: string } | { reason: string }> {
  const candidates = env.SERVEBENCH_TF_PYTHON ? [env.SERVEBENCH_TF_PYTHON] : [...(existsSync(VENV_PYTHON) ? [VENV_PYTHON] : []), 'python3'];
  const failures: string[] = [];
  for (const python of candidates) {
    try {
      await run(python, ['-c', 'import tensorflow'], { env: { ...env, TF_CPP_MIN_LOG_LEVEL: '3' } });
      return { python };
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr?.trim().split('\n').pop();
      failures.push(`${python}: ${stderr || (err as Error).message}`);
    }
  }
  return {
    reason:
      `TensorFlow cannot be imported (${failures.join('; ')}); install it with ` +
      '`python3 -m venv .tools/tf-venv && .tools/tf-venv/bin/pip install tensorflow-cpu` or set SERVEBENCH_TF_PYTHON',
  };
}

/** Runs a Python script with `input` on stdin; resolves to stdout (TF's log noise silenced). */
export async function runPython(python: string, args: string[], input?: string): Promise<string> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${python} ${args.join(' ')} exited ${code}:\n${stderr.slice(-4000)}`))));
    child.stdin.end(input ?? '');
  });
}
