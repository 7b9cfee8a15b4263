/**
 * k6's JSON output (`--out json=FILE`): one JSON object per line, a `Metric` line the first time a
 * metric appears, then one `Point` line per sample, with the time as RFC 3339 in the local zone with
 * nanoseconds (Go's RFC3339Nano) and the tags sorted by key (`null` when there are none). A name
 * ending in `.gz` is gzipped; `-` or no name writes to stdout. addSamples only formats and queues;
 * a timer hands the text to a write stream; memory is capped (beyond it, new samples are dropped).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished, pipeline, type Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { BUILTIN_METRICS, type MetricDef, type Sample } from '../metrics/sample.ts';
import type { Output, OutputReport } from './output.ts';

export interface JsonOutputOptions {
  /** Queued + unwritten text beyond this is not accepted (samples dropped); default 256 MiB. */
  maxBufferedBytes?: number;
  /** How often queued lines go to the stream; default 100 ms. */
  flushIntervalMs?: number;
  /** stop() waits at most this long for the file to close; default 30 s. */
  stopTimeoutMs?: number;
  /** Where stdout output goes (tests); default process.stdout. */
  stdout?: Writable;
}

const EAGER_FLUSH_BYTES = 1 << 20;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Go's RFC3339Nano in the local time zone: `2017-05-09T14:34:45.625742514+02:00`, `Z` at offset 0. */
export function formatRfc3339Nano(ms: number): string {
  let whole = Math.floor(ms);
  let sub = Math.round((ms - whole) * 1e6);
  if (sub >= 1e6) {
    whole += 1;
    sub -= 1e6;
  }
  const offsetMin = -new Date(whole).getTimezoneOffset();
  const t = new Date(whole + offsetMin * 60_000);
  const nanos = t.getUTCMilliseconds() * 1e6 + sub;
  const frac = nanos === 0 ? '' : `.${pad(nanos, 9).replace(/0+$/, '')}`;
  const abs = Math.abs(offsetMin);
  const zone = offsetMin === 0 ? 'Z' : `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
  return (
    `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}` +
    `T${pad(t.getUTCHours(), 2)}:${pad(t.getUTCMinutes(), 2)}:${pad(t.getUTCSeconds(), 2)}${frac}${zone}`
  );
}

/** The Metric line k6 writes (thresholds and sub-metrics are not known to the output: `[]`, `null`). */
export function metricLine(name: string, def: MetricDef | undefined): string {
  const data = { type: def?.type ?? null, contains: def?.contains ?? null, tainted: null, thresholds: [], submetrics: null };
  return JSON.stringify({ type: 'Metric', data, metric: name });
}

export function pointLine(sample: Sample): string {
  const keys = Object.keys(sample.tags);
  const tags = keys.length === 0 ? 'null' : JSON.stringify(sample.tags, keys.sort());
  const value = JSON.stringify(sample.value) ?? 'null';
  return `{"type":"Point","data":{"time":"${formatRfc3339Nano(sample.time)}","value":${value},"tags":${tags}},"metric":${JSON.stringify(sample.metric)}}`;
}

export class JsonOutput implements Output {
  readonly description: string;
  private readonly defs = new Map<string, MetricDef>(BUILTIN_METRICS.map((d) => [d.name, d]));
  private readonly seen = new Set<string>();
  private readonly warned = new Set<string>();
  private readonly warnings: string[] = [];
  private readonly toStdout: boolean;
  /** The file name, or `stdout`. */
  private readonly target: string;
  private readonly maxBufferedBytes: number;
  private pending: string[] = [];
  private pendingPoints = 0;
  private pendingBytes = 0;
  private sink: Writable | null = null;
  private done: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private eager: NodeJS.Immediate | null = null;
  private broken = false;
  /** Chunks handed to the sink whose write callback has not run yet, and who waits for them. */
  private unacked = 0;
  private acked: (() => void) | null = null;
  private stopped = false;
  private written = 0;
  private dropped = 0;

  constructor(
    private readonly fileName: string,
    private readonly warn: (m: string) => void,
    private readonly options: JsonOutputOptions = {},
  ) {
    this.toStdout = fileName === '' || fileName === '-';
    this.target = this.toStdout ? 'stdout' : fileName;
    this.description = `json (${this.target})`;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024 * 1024;
  }

  async start(): Promise<void> {
    if (this.toStdout) {
      this.sink = this.options.stdout ?? process.stdout;
    } else {
      const file: WriteStream = createWriteStream(this.fileName);
      await new Promise<void>((resolve, reject) => {
        file.once('open', () => resolve());
        file.once('error', (err) => reject(new Error(`json output: cannot open ${this.fileName}: ${err.message}`)));
      });
      const gzip = this.fileName.endsWith('.gz') ? createGzip() : null;
      this.sink = gzip ?? file;
      this.done = new Promise<void>((resolve) => {
        const closed = (err?: Error | null): void => {
          if (err) this.fail(err);
          resolve();
        };
        if (gzip) pipeline(gzip, file, closed);
        else finished(file, closed);
      });
    }
    this.sink.on('error', this.onError);
    this.timer = setInterval(() => this.flush(), this.options.flushIntervalMs ?? 100);
    this.timer.unref();
  }

  addMetricDefs(defs: MetricDef[]): void {
    for (const d of defs) this.defs.set(d.name, d);
  }

  addSamples(samples: Sample[]): void {
    try {
      if (this.stopped || this.broken) {
        this.dropped += samples.length;
        return;
      }
      for (const s of samples) {
        if (this.pendingBytes + (this.sink?.writableLength ?? 0) > this.maxBufferedBytes) {
          this.dropped += 1;
          this.warnOnce('full', `json output: more than ${this.maxBufferedBytes} bytes wait to be written to ${this.target}; samples are being dropped`);
          continue;
        }
        if (!this.seen.has(s.metric)) this.declare(s.metric);
        const line = pointLine(s);
        this.pending.push(line);
        this.pendingPoints += 1;
        this.pendingBytes += line.length + 1;
      }
      if (this.pendingBytes >= EAGER_FLUSH_BYTES && this.eager === null && this.sink) {
        this.eager = setImmediate(() => {
          this.eager = null;
          this.flush();
        });
      }
    } catch (err) {
      this.dropped += samples.length;
      this.warnOnce('format', `json output: could not format samples: ${(err as Error).message}`);
    }
  }

  async stop(): Promise<OutputReport> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.eager) clearImmediate(this.eager);
    this.flush();
    if (this.sink) {
      const sink = this.sink;
      const closing = this.toStdout
        ? new Promise<void>((resolve) => (this.unacked === 0 ? resolve() : (this.acked = resolve)))
        : (sink.end(), this.done);
      const limit = this.options.stopTimeoutMs ?? 30_000;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.warnOnce('timeout', `json output: ${this.target} was not written out within ${limit} ms of stop`);
          resolve();
        }, limit);
      });
      await Promise.race([closing, deadline]);
      clearTimeout(timer);
      sink.off('error', this.onError);
    }
    this.dropped += this.pendingPoints;
    this.pendingPoints = 0;
    return { name: 'json', written: this.written, dropped: this.dropped, warnings: [...this.warnings] };
  }

  private declare(metric: string): void {
    this.seen.add(metric);
    const def = this.defs.get(metric);
    if (!def) this.warnOnce(`def:${metric}`, `json output: metric "${metric}" has no known type; its Metric line says type null`);
    const line = metricLine(metric, def);
    this.pending.push(line);
    this.pendingBytes += line.length + 1;
  }

  private flush(): void {
    if (!this.sink || this.broken || this.pending.length === 0) return;
    const chunk = this.pending.join('\n') + '\n';
    const points = this.pendingPoints;
    this.pending = [];
    this.pendingPoints = 0;
    this.pendingBytes = 0;
    this.unacked += 1;
    this.sink.write(chunk, (err) => {
      if (err) this.dropped += points;
      else this.written += points;
      this.unacked -= 1;
      if (this.unacked === 0) this.acked?.();
    });
  }

  private readonly onError = (err: Error): void => this.fail(err);

  private fail(err: Error): void {
    if (this.broken) return;
    this.broken = true;
    this.dropped += this.pendingPoints;
    this.pending = [];
    this.pendingPoints = 0;
    this.pendingBytes = 0;
    this.warnOnce('write', `json output: writing ${this.target} failed: ${err.message}; later samples are dropped`);
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(message);
    this.warn(message);
  }
}
