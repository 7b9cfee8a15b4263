/**
 * The Docker Compose CLI for validating docker-compose.yml (`config` only — tests never `up`).
 * Prefers the compose plugin (`docker compose`, `config --format json`); falls back to Debian's
 * docker-compose 1.x, whose YAML output is turned into JSON by the PyYAML its own Python ships.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ComposeCli {
  command: string;
  baseArgs: string[];
  version: 1 | 2;
}

export async function findComposeCli(): Promise<ComposeCli> {
  const tried: string[] = [];
  try {
    await run('docker', ['compose', 'version']);
    return { command: 'docker', baseArgs: ['compose'], version: 2 };
  } catch (err) {
    tried.push(`docker compose: ${(err as Error).message.split('\n')[0]}`);
  }
  try {
    await run('docker-compose', ['version']);
    return { command: 'docker-compose', baseArgs: [], version: 1 };
  } catch (err) {
    tried.push(`docker-compose: ${(err as Error).message.split('\n')[0]}`);
  }
  throw new Error(`no Docker Compose CLI (apt-get install docker-compose, or the compose plugin): ${tried.join('; ')}`);
}

export interface ConfigResult {
  ok: boolean;
  /** The normalized file as JSON (when ok). */
  config?: ComposeConfig;
  stderr: string;
}

export interface ComposeService {
  image?: string;
  command?: string | string[];
  cpus?: number | string;
  mem_limit?: number | string;
  memswap_limit?: number | string;
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition?: string }> | string[];
  profiles?: string[];
  network_mode?: string;
  build?: { args?: Record<string, string> };
  [key: string]: unknown;
}
export interface ComposeConfig {
  services: Record<string, ComposeService>;
  networks?: Record<string, unknown>;
}

async function yamlToJson(cli: ComposeCli, yaml: string): Promise<ComposeConfig> {
  // docker-compose 1.x is Python; its interpreter (the shebang) has PyYAML.
  const { stdout: where } = await run('sh', ['-c', 'command -v docker-compose']);
  const shebang = (await readFile(where.trim(), 'utf8')).split('\n')[0];
  const python = shebang.startsWith('#!') ? shebang.slice(2).trim().split(/\s+/)[0] : 'python3';
  const convert = 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)';
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', convert], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ComposeConfig) : reject(new Error(`${cli.command}: YAML to JSON failed: ${err}`))));
    child.stdin.end(yaml);
  });
}

/** `compose --env-file <envFile> -f <file> [--profile p] config`, normalized to JSON. */
export async function composeConfig(cli: ComposeCli, file: string, envFile: string, profiles: string[] = []): Promise<ConfigResult> {
  const args = [...cli.baseArgs, '--env-file', envFile, '-f', file, ...profiles.flatMap((p) => ['--profile', p]), 'config'];
  if (cli.version === 2) args.push('--format', 'json');
  try {
    const { stdout, stderr } = await run(cli.command, args, { maxBuffer: 16 * 1024 * 1024 });
    const config = cli.version === 2 ? (JSON.parse(stdout) as ComposeConfig) : await yamlToJson(cli, stdout);
    return { ok: true, config, stderr };
  } catch (err) {
    return { ok: false, stderr: `${(err as { stderr?: string }).stderr ?? ''}${(err as Error).message}` };
  }
}

/** `.env.example` written to `file` with overrides, and every empty value (the passwords) filled with a dummy unless `fillEmpty` is false. */
export async function exampleEnvFile(example: string, file: string, overrides: Record<string, string> = {}, fillEmpty = true): Promise<string> {
  const lines = (await readFile(example, 'utf8')).split('\n').map((line) => {
    const m = line.match(/^([A-Z0-9_]+)=(.*)$/);
    if (!m) return line;
    const value = overrides[m[1]] ?? (m[2] === '' && fillEmpty ? `test-${m[1].toLowerCase()}` : m[2]);
    return `${m[1]}=${value}`;
  });
  await writeFile(file, lines.join('\n'));
  return file;
}

/** A service's command as words (compose 1.x may keep it a string). */
export function commandWords(service: ComposeService): string[] {
  const c = service.command ?? [];
  return Array.isArray(c) ? c : c.split(/\s+/);
}
