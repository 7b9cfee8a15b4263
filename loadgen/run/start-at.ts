/**
 * `--start-at TIME`: every instance of a split test starts its test at one wall-clock instant
 * (after its VUs are initialised, before setup()), not whenever its machine came up. TIME is
 * RFC 3339 (`2026-12-01T10:00:00Z`) or Unix seconds (`1796124000`, decimals allowed).
 */

/** How far in the past a start time may be and still be accepted (clock skew, slow pod start). */
export const START_AT_TOLERANCE_MS = 5000;

export class StartAtError extends Error {
  override name = 'StartAtError';
}

/** The instant as ms since the epoch; throws for a malformed time or one more than 5 s ago. */
export function parseStartAt(text: string, nowMs: number): number {
  const trimmed = text.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Math.round(Number(trimmed) * 1000);
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(trimmed)) ms = Date.parse(trimmed);
  else throw new StartAtError(`--start-at ${text}: expected an RFC 3339 time with a zone (2026-12-01T10:00:00Z) or Unix seconds`);
  if (!Number.isFinite(ms)) throw new StartAtError(`--start-at ${text}: not a valid time`);
  const late = nowMs - ms;
  if (late > START_AT_TOLERANCE_MS) {
    throw new StartAtError(
      `--start-at ${new Date(ms).toISOString()} is ${(late / 1000).toFixed(1)} s in the past (now ${new Date(nowMs).toISOString()}); ` +
        `give a time in the future (more than ${START_AT_TOLERANCE_MS / 1000} s late is refused, so instances never start apart)`,
    );
  }
  return ms;
}

/** Resolves at `atMs` (at once when it has passed) or when `cancel` resolves, whichever is first. */
export function waitUntil(atMs: number, cancel: Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      const wait = atMs - Date.now();
      if (wait <= 0) return resolve();
      // setTimeout fires at once beyond 2^31-1 ms: wait in chunks.
      timer = setTimeout(tick, Math.min(wait, 2 ** 31 - 1));
    };
    void cancel.then(() => {
      clearTimeout(timer);
      resolve();
    });
    tick();
  });
}
