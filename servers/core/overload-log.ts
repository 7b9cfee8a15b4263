/**
 * Refusals logged without logging inside the load loop: the first refusal is written at once,
 * later ones are counted and summed up in one line at most every `everyMs`.
 */
export interface OverloadLog {
  refused(limit: number): void;
}

export function createOverloadLog(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`), everyMs = 10_000): OverloadLog {
  let pending = 0;
  let timer: NodeJS.Timeout | undefined;
  let lastLimit = 0;
  const flush = () => {
    timer = undefined;
    if (pending === 0) return;
    write(`servebench: overloaded: refused ${pending} more predict calls in the last ${everyMs / 1000} s (inference queue full, --max-queue ${lastLimit})`);
    pending = 0;
  };
  return {
    refused(limit) {
      lastLimit = limit;
      if (timer) {
        pending++;
        return;
      }
      write(`servebench: overloaded: the inference queue is full (--max-queue ${limit}); refusing predict calls with 503 / UNAVAILABLE`);
      timer = setTimeout(flush, everyMs);
      timer.unref();
    },
  };
}
