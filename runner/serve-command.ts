/**
 * `servebench serve <target>`: starts one target in the foreground until SIGINT/SIGTERM, then
 * shuts down gracefully: stops accepting, lets admitted requests finish (up to
 * --shutdown-timeout), exits 0. A second signal exits at once (code 1).
 */
import { parseArgs } from 'node:util';
import { getTarget, TARGETS } from '../servers/registry.ts';
import { DEFAULT_MODEL_DIR, DEFAULT_TARGET_OPTIONS, type TargetOptions } from '../servers/targets/target.ts';
import { defaultPort } from '../servers/default-ports.ts';
import { integer } from './flag-values.ts';
import { TARGET_FLAGS, TARGET_USAGE, parseTargetFlags } from './target-flags.ts';

export const SERVE_USAGE = `usage: servebench serve <target> [options]
targets: ${TARGETS.map((t) => t.id).join(', ')}
  --host <addr>          interface to bind (default 127.0.0.1)
  --port <n>             port (default: the target's, e.g. fastify ${defaultPort('fastify')}, grpc ${defaultPort('grpc')}; 0 = any free port)
  --max-batch <n>        largest batch per request (default ${DEFAULT_TARGET_OPTIONS.maxBatch})
  --max-body <bytes>     largest REST body / gRPC message, 413 / RESOURCE_EXHAUSTED above (default ${DEFAULT_TARGET_OPTIONS.maxBodyBytes})
  --upstream <url>       gateway only: http://host:port or grpc://host:port of a model server
${TARGET_USAGE}`;

export function parseServeArgs(argv: string[]): { target: string; options: TargetOptions } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string', default: DEFAULT_TARGET_OPTIONS.host },
      port: { type: 'string' },
      'max-batch': { type: 'string', default: String(DEFAULT_TARGET_OPTIONS.maxBatch) },
      'max-body': { type: 'string', default: String(DEFAULT_TARGET_OPTIONS.maxBodyBytes) },
      upstream: { type: 'string' },
      ...TARGET_FLAGS,
    },
  });
  if (positionals.length !== 1) throw new Error(`expected one target\n${SERVE_USAGE}`);
  const target = getTarget(positionals[0]).id;
  const options: TargetOptions = {
    host: values.host,
    port: integer('--port', values.port ?? String(defaultPort(target)), 0, 65535),
    maxBatch: integer('--max-batch', values['max-batch'], 1, 1 << 20),
    maxBodyBytes: integer('--max-body', values['max-body'], 1024, 2 ** 31 - 1),
    upstream: values.upstream,
    ...parseTargetFlags(values),
  };
  return { target, options };
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  const { target, options } = parseServeArgs(argv);
  const entry = getTarget(target);
  if (entry.servesModel && options.modelDir === DEFAULT_MODEL_DIR) await (await import('../servers/model/generate.ts')).ensureModel(DEFAULT_MODEL_DIR);
  const { createServer } = await entry.load();
  const running = await createServer(options);
  process.stdout.write(`servebench: ${target} (${entry.protocol}, paper role ${entry.paperRole}) listening on ${running.url}\n`);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const again = () => {
    process.stderr.write('servebench: second signal, exiting now\n');
    process.exit(1);
  };
  process.once('SIGINT', again);
  process.once('SIGTERM', again);
  process.stdout.write(`servebench: ${signal}: no new connections; finishing admitted requests, then exiting\n`);
  await running.close();
  process.stdout.write('servebench: stopped\n');
  return 0;
}
