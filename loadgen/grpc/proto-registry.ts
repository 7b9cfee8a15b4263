/**
 * `client.load(importPaths, ...files)` for the built-in engine: parses .proto files with
 * protobufjs (field names kept as written) and indexes every RPC by '/package.Service/Method'.
 *
 * Path rules (k6's): relative import paths are taken from the script's directory; with no import
 * paths the script's directory is the only one. Each file named in load(), and each `import` in a
 * .proto, is looked up in the import paths in order, then in the script's directory (absolute
 * paths are used as they are). google/protobuf/* well-known types come bundled (any, duration,
 * empty, field_mask, struct, timestamp, wrappers from protobufjs' common set; descriptor, api,
 * type, source_context from the .proto files protobufjs ships). Protosets (client.loadProtoset)
 * and server reflection are not supported here.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export interface MethodInfo {
  /** '/package.Service/Method', the HTTP/2 path. */
  path: string;
  requestType: protobuf.Type;
  responseType: protobuf.Type;
  requestStream: boolean;
  responseStream: boolean;
}

export interface ProtoRegistry {
  root: protobuf.Root;
  /** Absolute paths of the loaded files (bundled well-known types by their google/protobuf/ name). */
  files: string[];
  /**
   * 'package.Service/Method', with or without a leading '/'. Throws k6's error when unknown, and
   * for a streaming RPC unless `streaming` is set (the engine's invoke runs unary RPCs only).
   */
  method(name: string, opts?: { streaming?: boolean }): MethodInfo;
  methods(): MethodInfo[];
}

const require = createRequire(import.meta.url);

/** Well-known types protobufjs ships as .proto files but not in `protobuf.common`. */
const SHIPPED_WKT = new Set(['descriptor', 'api', 'type', 'source_context']);

function shippedWkt(target: string): string | null {
  const m = /(?:^|\/)google\/protobuf\/(\w+)\.proto$/.exec(target);
  if (!m || !SHIPPED_WKT.has(m[1])) return null;
  try {
    return require.resolve(`protobufjs/google/protobuf/${m[1]}.proto`);
  } catch {
    return null;
  }
}

function findFile(target: string, dirs: string[]): string | null {
  if (isAbsolute(target)) return existsSync(target) ? target : null;
  for (const dir of dirs) {
    const candidate = join(dir, target);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function collectMethods(ns: protobuf.NamespaceBase, out: Map<string, MethodInfo>): void {
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Service) {
      const service = obj.fullName.replace(/^\./, '');
      for (const m of obj.methodsArray) {
        m.resolve();
        const path = `/${service}/${m.name}`;
        out.set(path, {
          path,
          requestType: m.resolvedRequestType as protobuf.Type,
          responseType: m.resolvedResponseType as protobuf.Type,
          requestStream: Boolean(m.requestStream),
          responseStream: Boolean(m.responseStream),
        });
      }
    }
    if (obj instanceof protobuf.Namespace) collectMethods(obj, out);
  }
}

/**
 * Loads `files` (k6's client.load). `baseDir` is the directory of the script calling load();
 * relative import paths are resolved against it.
 */
export function loadProtoFiles(importPaths: string[], files: string[], baseDir: string): ProtoRegistry {
  if (files.length === 0) throw new Error('client.load() needs at least one .proto file');
  const asPath = (p: string) => (p.startsWith('file:') ? fileURLToPath(p) : p);
  const base = resolve(asPath(baseDir));
  const dirs = [...importPaths.map((p) => resolve(base, asPath(p))), base].filter((d, i, all) => all.indexOf(d) === i);
  const root = new protobuf.Root();
  const missing: string[] = [];
  root.resolvePath = (origin, target) => {
    if (target in protobuf.common) return target;
    const found = findFile(target, dirs) ?? shippedWkt(target);
    if (found) return found;
    // protobufjs' own rule (relative to the importing file) as a last resort, so its error names a path.
    missing.push(target);
    return origin ? join(dirname(origin), target) : target;
  };

  const resolved: string[] = [];
  for (const file of files) {
    const path = findFile(asPath(file), dirs) ?? shippedWkt(file) ?? (file in protobuf.common ? file : null);
    if (!path) throw new Error(`could not load "${file}": no such file in the import paths ${JSON.stringify(dirs)}`);
    resolved.push(path);
  }
  try {
    root.loadSync(resolved, { keepCase: true });
    root.resolveAll();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const hint = missing.length ? ` (imports not found in ${JSON.stringify(dirs)}: ${missing.join(', ')})` : '';
    throw new Error(`client.load(): ${why}${hint}`);
  }

  const byPath = new Map<string, MethodInfo>();
  collectMethods(root, byPath);
  return {
    root,
    files: root.files.slice(),
    method(name: string, opts?: { streaming?: boolean }): MethodInfo {
      if (!name) throw new Error('method to invoke cannot be empty');
      const path = name.startsWith('/') ? name : `/${name}`;
      const info = byPath.get(path);
      if (!info) throw new Error(`method "${path}" not found in file descriptors`);
      if (!opts?.streaming && (info.requestStream || info.responseStream)) {
        throw new Error(`method "${path}" is a streaming RPC; invoke() and asyncInvoke() run unary RPCs only`);
      }
      return info;
    },
    methods: () => [...byPath.values()],
  };
}
