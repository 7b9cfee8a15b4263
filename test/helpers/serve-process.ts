/** One of our targets started by a test as someone else's server would be: `servebench serve <id> --port 0`, its address read from its log. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before } from 'node:test';
import { ensureModel } from '../../servers/model/generate.ts';
import { DEFAULT_MODEL_DIR } from '../../servers/targets/target.ts';
import { BIN } from '../runner/run-helpers.ts';

export interface ServedProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

export async function serveProcess(targetId: string, args: string[] = []): Promise<ServedProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', targetId, '--port', '0', '--workers', '1', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${targetId} did not say where it listens within 30 s:\n${log}`)), 30_000);
    const onData = (c: Buffer) => {
      log += c.toString();
      const m = /listening on ((?:http|grpc):\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${targetId} exited (${code}):\n${log}`)));
  });
  return {
    child,
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * Our fastify and grpc targets as outside servers for the tests of one file: started (the model
 * generated first) before its tests, stopped after them. Read `rest` / `grpc` inside the tests.
 */
export function outsideRestAndGrpc(): { rest: ServedProcess; grpc: ServedProcess } {
  const servers = {} as { rest: ServedProcess; grpc: ServedProcess };
  before(async () => {
    await ensureModel(DEFAULT_MODEL_DIR);
    [servers.rest, servers.grpc] = await Promise.all([serveProcess('fastify'), serveProcess('grpc')]);
  });
  after(async () => {
    await Promise.all([servers.rest?.stop(), servers.grpc?.stop()]);
  });
  return servers;
}
