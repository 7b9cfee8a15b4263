/**
 * The live progress on stderr while a test runs, about once a second: elapsed time, active and
 * initialised VUs, complete and interrupted iterations, and one line per scenario. On a TTY the
 * block is redrawn in place; otherwise one line is printed every 10 s.
 */
export interface ProgressView {
  elapsedMs: number;
  vus: number;
  vusMax: number;
  completed: number;
  interrupted: number;
  scenarios: { name: string; executor: string; state: 'waiting' | 'running' | 'done'; detail: string }[];
}

const clock = (ms: number) => {
  const s = ms / 1000;
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}m${(s - m * 60).toFixed(1).padStart(4, '0')}s`;
};

export function renderProgress(v: ProgressView): string[] {
  const head = `running (${clock(v.elapsedMs)}), ${String(v.vus).padStart(2, '0')}/${String(v.vusMax).padStart(2, '0')} VUs, ${v.completed} complete and ${v.interrupted} interrupted iterations`;
  return [head, ...v.scenarios.map((s) => `${s.name.padEnd(18)} ${s.state === 'done' ? '✓' : s.state === 'running' ? '↳' : ' '} [${s.executor}] ${s.detail}`)];
}

export function startProgress(view: () => ProgressView, quiet: boolean): { stop(): void } {
  if (quiet) return { stop() {} };
  const tty = process.stderr.isTTY === true;
  let drawn = 0;
  let lastPlain = 0;
  const draw = () => {
    const lines = renderProgress(view());
    if (tty) {
      if (drawn) process.stderr.write(`\x1b[${drawn}A\x1b[J`);
      process.stderr.write(`${lines.join('\n')}\n`);
      drawn = lines.length;
    } else if (Date.now() - lastPlain >= 10_000) {
      lastPlain = Date.now();
      process.stderr.write(`${lines[0]}\n`);
    }
  };
  const timer = setInterval(draw, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      lastPlain = 0; // the final state is always printed
      draw();
    },
  };
}
