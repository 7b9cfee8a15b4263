/**
 * The one list of targets. The CLI, the runner, the tests, the compose file and the README
 * table all read it. Adding a target = one folder under servers/targets/ + one entry here.
 */
import type { CreateServer } from './targets/target.ts';

export type Protocol = 'rest' | 'grpc';

export interface TargetEntry {
  id: string;
  /** The study's architecture letter (PAPER.md), or what the target is for. */
  paperRole: 'a' | 'b' | 'c' | 'd' | 'baseline' | 'web tier';
  protocol: Protocol;
  description: string;
  /** Loads a model (false for the canned-answer baseline and the forwarding gateway). */
  servesModel: boolean;
  /** Needs `upstream` (the gateway). */
  needsUpstream: boolean;
  /** Imported lazily so starting one target never loads another's framework. */
  load(): Promise<{ createServer: CreateServer }>;
}

export const TARGETS: readonly TargetEntry[] = [
  {
    id: 'embedded',
    paperRole: 'a',
    protocol: 'rest',
    description: 'web tier (node:http) with the model in-process (worker-thread engine pool)',
    servesModel: true,
    needsUpstream: false,
    load: () => import('./targets/embedded/index.ts'),
  },
  {
    id: 'express',
    paperRole: 'b',
    protocol: 'rest',
    description: 'Express REST model server (the study\'s Flask role)',
    servesModel: true,
    needsUpstream: false,
    load: () => import('./targets/express/index.ts'),
  },
  {
    id: 'fastify',
    paperRole: 'c',
    protocol: 'rest',
    description: 'Fastify REST model server (the study\'s FastAPI role)',
    servesModel: true,
    needsUpstream: false,
    load: () => import('./targets/fastify/index.ts'),
  },
  {
    id: 'grpc',
    paperRole: 'd',
    protocol: 'grpc',
    description: 'gRPC model server speaking TF Serving\'s PredictionService (the study\'s d, over gRPC)',
    servesModel: true,
    needsUpstream: false,
    load: () => import('./targets/grpc/index.ts'),
  },
  {
    id: 'gateway',
    paperRole: 'web tier',
    protocol: 'rest',
    description: 'web tier forwarding each request to a REST or gRPC model server (kept-alive)',
    servesModel: false,
    needsUpstream: true,
    load: () => import('./targets/gateway/index.ts'),
  },
  {
    id: 'null',
    paperRole: 'baseline',
    protocol: 'rest',
    description: 'canned answer, no model: the harness baseline',
    servesModel: false,
    needsUpstream: false,
    load: () => import('./targets/null/index.ts'),
  },
];

export function getTarget(id: string): TargetEntry {
  const entry = TARGETS.find((t) => t.id === id);
  if (!entry) {
    throw new Error(`unknown target "${id}"; known targets: ${TARGETS.map((t) => t.id).join(', ')}`);
  }
  return entry;
}

/** Targets that serve the model themselves (what a gateway can sit in front of). */
export const MODEL_SERVERS = TARGETS.filter((t) => t.servesModel).map((t) => t.id);
