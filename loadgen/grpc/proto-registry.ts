/**
 * `client.load(importPaths, ...files)`: .proto files parsed with protobufjs, imports resolved
 * against the import paths in order (then the script's directory), Google's well-known types
 * available; methods looked up by `package.Service/Method` (a leading `/` allowed) as k6 does.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export interface MethodInfo {
  /** '/package.Service/Method' */
  path: string;
  requestType: protobuf.Type;
  responseType: protobuf.Type;
}

export interface ProtoRegistry {
  method(name: string): MethodInfo;
}

export function loadProtoFiles(importPaths: string[], files: string[], scriptDir: string): ProtoRegistry {
  if (files.length === 0) throw new Error('client.load() needs at least one .proto file');
  const asPath = (p: string) => (p.startsWith('file:') ? fileURLToPath(p) : p);
  const dirs = [...importPaths.map(asPath).map((p) => (isAbsolute(p) ? p : resolve(scriptDir, p))), scriptDir];
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (isAbsolute(target) && existsSync(target)) return target;
    for (const d of dirs) {
      const candidate = join(d, target);
      if (existsSync(candidate)) return candidate;
    }
    // protobufjs ships google/protobuf/*.proto as built-in descriptors, found by this exact name.
    if (target.startsWith('google/protobuf/')) return target;
    return protobuf.util.path.resolve(origin, target);
  };
  const find = (file: string): string => {
    const f = asPath(file);
    if (isAbsolute(f)) return f;
    for (const d of dirs) if (existsSync(join(d, f))) return join(d, f);
    throw new Error(`client.load(): ${file} not found in the import paths ${dirs.join(', ')}`);
  };
  try {
    root.loadSync(files.map(find), { keepCase: true });
    root.resolveAll();
  } catch (err) {
    throw new Error(`client.load(${JSON.stringify(files)}): ${(err as Error).message} (import paths: ${dirs.join(', ')})`);
  }
  const cache = new Map<string, MethodInfo>();
  return {
    method(name: string): MethodInfo {
      const known = cache.get(name);
      if (known) return known;
      const m = /^\/?([\w.]+)\/(\w+)$/.exec(name);
      const service = m ? root.lookup(m[1]) : null;
      const method = service instanceof protobuf.Service ? service.methods[m![2]] : undefined;
      if (!m || !method) throw new Error(`method "${name.startsWith('/') ? name : `/${name}`}" not found in file descriptors`);
      if (method.requestStream || method.responseStream) throw new Error(`method "${name}" is a streaming RPC; the built-in engine runs unary RPCs only (use k6 for streams)`);
      method.resolve();
      const info: MethodInfo = { path: `/${m[1]}/${m[2]}`, requestType: method.resolvedRequestType as protobuf.Type, responseType: method.resolvedResponseType as protobuf.Type };
      cache.set(name, info);
      return info;
    },
  };
}
