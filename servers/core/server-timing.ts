/** Server-Timing (RFC: `name;dur=ms, ...`) rendering and parsing, shared by REST and gRPC. */
/** Durations in milliseconds, as reported in Server-Timing and gRPC trailing metadata. */
export interface ServerTiming {
  decode?: number;
  /** Waiting for an inference worker (the admission queue), apart from compute. */
  queue?: number;
  infer?: number;
  encode?: number;
  /** Time spent waiting on an upstream model server (gateway only). */
  upstream?: number;
}

const ORDER: (keyof ServerTiming)[] = ['decode', 'queue', 'infer', 'encode', 'upstream'];

export function formatServerTiming(timing: ServerTiming): string {
  return ORDER.filter((k) => timing[k] !== undefined)
    .map((k) => `${k};dur=${(timing[k] as number).toFixed(3)}`)
    .join(', ');
}

export function parseServerTiming(header: string | undefined | null): ServerTiming {
  const timing: ServerTiming = {};
  if (!header) return timing;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';');
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith('dur='));
    if (dur && (ORDER as string[]).includes(name)) {
      const value = Number(dur.slice(4));
      if (Number.isFinite(value)) timing[name as keyof ServerTiming] = value;
    }
  }
  return timing;
}
