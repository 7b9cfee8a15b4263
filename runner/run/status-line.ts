/**
 * Live progress: one line rewritten in place on a TTY; on anything else a plain line every
 * few seconds (logs stay readable).
 */
export interface StatusLine {
  update(text: string): void;
  /** A permanent line (ends any in-place line first). */
  print(text: string): void;
  end(): void;
}

export function createStatusLine(out: NodeJS.WriteStream = process.stdout, plainEveryMs = 5000): StatusLine {
  const tty = Boolean(out.isTTY);
  let open = false;
  let lastPlain = 0;
  return {
    update(text) {
      if (tty) {
        const width = out.columns ? out.columns - 1 : 120;
        out.write(`\r\x1b[K${text.slice(0, width)}`);
        open = true;
      } else if (Date.now() - lastPlain >= plainEveryMs) {
        lastPlain = Date.now();
        out.write(`${text}\n`);
      }
    },
    print(text) {
      if (open) out.write('\r\x1b[K');
      open = false;
      out.write(`${text}\n`);
    },
    end() {
      if (open) out.write('\n');
      open = false;
    },
  };
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}
