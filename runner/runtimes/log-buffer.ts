/** Keeps a child's output: appended to a log file and the last lines in memory. */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

export class LogBuffer {
  private lines: string[] = [];
  private partial = '';
  private readonly file: WriteStream | undefined;

  constructor(path: string | undefined, private readonly keep = 200) {
    this.file = path ? createWriteStream(path, { flags: 'a' }) : undefined;
  }

  attach(stream: Readable | null, onLine?: (line: string) => void): void {
    stream?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.file?.write(text);
      const parts = (this.partial + text).split('\n');
      this.partial = parts.pop() ?? '';
      for (const line of parts) {
        this.lines.push(line);
        onLine?.(line);
      }
      if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
    });
  }

  tail(lines = 30): string {
    return [...this.lines, ...(this.partial ? [this.partial] : [])].slice(-lines).join('\n');
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.file ? this.file.end(resolve) : resolve()));
  }
}
