/**
 * A test image built with NO registry: a rootfs tarball made from this machine's own files
 * (the running node binary plus the shared libraries `ldd` says it and onnxruntime-node need),
 * imported with the Docker import API. It holds no app: tests bind-mount the repo (with its
 * node_modules) at /app, standing in for the image docker/Dockerfile builds.
 */
import { execFile, spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type Docker from 'dockerode';

export const LOCAL_BASE_IMAGE = 'servebench/test-base:local-import';
export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
const NATIVE_ADDONS = ['node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node'];

/** Absolute paths of the shared libraries `ldd` lists for `file` (including the loader). */
export async function sharedLibraries(file: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ldd', [file]);
  return stdout
    .split('\n')
    .map((line) => line.match(/=>\s*(\/\S+)/)?.[1] ?? line.trim().match(/^(\/\S+)/)?.[1])
    .filter((p): p is string => p !== undefined && !p.startsWith(REPO_DIR));
}

async function stageRootfs(dir: string): Promise<void> {
  const binaries = [process.execPath, ...NATIVE_ADDONS.map((f) => path.join(REPO_DIR, f))];
  const libs = new Set<string>();
  for (const b of binaries) for (const lib of await sharedLibraries(b)) libs.add(lib);
  const files = new Map<string, string>([[process.execPath, '/usr/bin/node'], ...[...libs].map((l): [string, string] => [l, l])]);
  for (const [from, to] of files) {
    await mkdir(path.join(dir, path.dirname(to)), { recursive: true });
    await copyFile(from, path.join(dir, to)); // follows symlinks: the library's bytes under its linked name
  }
  for (const d of ['app', 'models', 'root', 'etc', 'tmp']) await mkdir(path.join(dir, d), { recursive: true });
  await chmod(path.join(dir, 'tmp'), 0o1777);
  await writeFile(path.join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/usr/sbin/nologin\n');
  await writeFile(path.join(dir, 'etc/group'), 'root:x:0:\n');
}

/** Builds and imports the image; resolves to its name. */
export async function importLocalBaseImage(docker: Docker, name = LOCAL_BASE_IMAGE): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-rootfs-'));
  try {
    await stageRootfs(dir);
    const tar = spawn('tar', ['-C', dir, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [repo, tag] = name.split(':');
    const progress = await docker.importImage(tar.stdout, { repo, tag });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(progress, (err: Error | null) => (err ? reject(err) : resolve())));
    await docker.getImage(name).inspect();
    return name;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
