/**
 * k6's InfluxDB v1 output (`--out influxdb=http(s)://[user:pass@]host:port[/prefix]/db?params`):
 * `CREATE DATABASE` at start (its error ignored; unreachable → one warning, the run goes on), then a
 * flush every push interval with at most CONCURRENT_WRITES requests in flight (more waits in a
 * bounded queue whose oldest points are dropped beyond the cap). Failed writes drop their points
 * with one warning per distinct reason; a write slower than the push interval warns once.
 * Settings: defaults < `K6_INFLUXDB_*` env < URL query parameters (k6's order). Plain node:http(s).
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Sample } from '../metrics/sample.ts';
import { parseDurationMs as durationMs } from '../executors/executor-config.ts';
import { LineFormatter, PointError, parseGoBool, parsePrecision, parseTagsAsFields, type FieldSpec, type Precision } from './influx-line-protocol.ts';
import type { Output, OutputReport } from './output.ts';

export interface InfluxDBConfig {
  /** `scheme://host:port[/prefix]`, no credentials, no database. */
  addr: string;
  db: string;
  username?: string;
  password?: string;
  precision: Precision;
  /** Retention policy (`rp=`) and write consistency (`consistency=`), when set. */
  retention?: string;
  consistency?: string;
  /** Skip TLS certificate verification. */
  insecure: boolean;
  pushIntervalMs: number;
  concurrentWrites: number;
  tagsAsFields: FieldSpec[];
  /** Points per write request at most. */
  payloadSize: number;
}

export interface InfluxDBOutputOptions {
  /** Points waiting to be written beyond this: the oldest are dropped. Default 1,000,000. */
  maxQueuedPoints?: number;
  /** One request's limit (CREATE DATABASE, a write). Default 10 s. */
  requestTimeoutMs?: number;
  /** stop() gives the last writes this long; what is left then is dropped. Default 15 s. */
  stopTimeoutMs?: number;
}

const IGNORED_ENV = ['K6_INFLUXDB_HTTP_PROXY', 'K6_INFLUXDB_ORGANIZATION', 'K6_INFLUXDB_BUCKET', 'K6_INFLUXDB_TOKEN'];

function bool(text: string, what: string): boolean {
  const b = parseGoBool(text);
  if (b === undefined) throw new Error(`influxdb ${what}: "${text}" is not true or false`);
  return b;
}

function positiveInt(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1) throw new Error(`influxdb ${what}: "${text}" is not a whole number above 0`);
  return n;
}

function interval(text: string, what: string): number {
  const ms = durationMs(text, `influxdb ${what}`);
  if (ms <= 0) throw new Error(`influxdb ${what}: "${text}" must be above 0`);
  return ms;
}

/** The `--out influxdb=` argument plus `K6_INFLUXDB_*` → a config; throws on a bad value. */
export function parseInfluxDBConfig(arg: string, env: Record<string, string | undefined>, warn: (m: string) => void): InfluxDBConfig {
  const c: InfluxDBConfig = {
    addr: '', db: 'k6', precision: 'ns', insecure: false, pushIntervalMs: 1000, concurrentWrites: 4,
    tagsAsFields: parseTagsAsFields('vu:int,iter:int,url'), payloadSize: 10_000,
  };
  const e = (name: string): string | undefined => (env[`K6_INFLUXDB_${name}`] || undefined);
  if (e('USERNAME')) c.username = e('USERNAME');
  if (e('PASSWORD')) c.password = e('PASSWORD');
  if (e('INSECURE')) c.insecure = bool(e('INSECURE')!, 'K6_INFLUXDB_INSECURE');
  if (e('PUSH_INTERVAL')) c.pushIntervalMs = interval(e('PUSH_INTERVAL')!, 'K6_INFLUXDB_PUSH_INTERVAL');
  if (e('CONCURRENT_WRITES')) c.concurrentWrites = positiveInt(e('CONCURRENT_WRITES')!, 'K6_INFLUXDB_CONCURRENT_WRITES');
  if (e('TAGS_AS_FIELDS') !== undefined) c.tagsAsFields = parseTagsAsFields(e('TAGS_AS_FIELDS')!);
  if (e('PRECISION')) c.precision = parsePrecision(e('PRECISION')!);
  if (e('RETENTION')) c.retention = e('RETENTION');
  if (e('CONSISTENCY')) c.consistency = e('CONSISTENCY');
  if (e('PAYLOAD_SIZE')) c.payloadSize = positiveInt(e('PAYLOAD_SIZE')!, 'K6_INFLUXDB_PAYLOAD_SIZE');
  for (const name of IGNORED_ENV) if (env[name]) warn(`influxdb: ${name} is not supported by this engine's InfluxDB v1 output and is ignored`);

  let url: URL;
  try {
    url = new URL(arg || 'http://localhost:8086');
  } catch {
    throw new Error(`influxdb: "${arg}" is not a URL like http://127.0.0.1:8086/k6`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`influxdb: ${url.protocol} URLs are not supported; use http or https`);
  if (url.username) c.username = decodeURIComponent(url.username);
  if (url.password) c.password = decodeURIComponent(url.password);
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length > 0) c.db = decodeURIComponent(segments.pop()!);
  c.addr = `${url.protocol}//${url.host}${segments.length ? `/${segments.join('/')}` : ''}`;
  const q = url.searchParams;
  for (const key of new Set(q.keys())) {
    const v = q.get(key)!;
    if (key === 'precision') c.precision = parsePrecision(v);
    else if (key === 'retention') c.retention = v;
    else if (key === 'consistency') c.consistency = v;
    else if (key === 'payload_size' || key === 'payloadSize') c.payloadSize = positiveInt(v, key);
    else if (key === 'pushInterval' || key === 'push_interval') c.pushIntervalMs = interval(v, key);
    else if (key === 'concurrentWrites' || key === 'concurrent_writes') c.concurrentWrites = positiveInt(v, key);
    else if (key === 'tagsAsFields' || key === 'tags_as_fields') c.tagsAsFields = parseTagsAsFields(q.getAll(key));
    else if (key === 'insecure' || key === 'insecureSkipTLSVerify') c.insecure = bool(v, key);
    else warn(`influxdb: URL parameter "${key}" is not known and is ignored`);
  }
  return c;
}

/** Refused, reset, hung up: one reason ("cannot talk to InfluxDB"), however it shows. */
const CONNECTION_LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

class RequestTimeout extends Error {}
class Stopped extends Error {}

type Reply = { status: number; text: string };

export class InfluxDBOutput implements Output {
  readonly description: string;
  private readonly formatter: LineFormatter;
  private readonly agent: HttpAgent;
  private readonly maxQueued: number;
  private readonly requestTimeoutMs: number;
  private readonly stopTimeoutMs: number;
  private queue: Sample[] = [];
  private head = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly live = new Set<ClientRequest>();
  private readonly warned = new Set<string>();
  private readonly warnings: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private report: Promise<OutputReport> | null = null;
  private written = 0;
  private dropped = 0;

  constructor(
    private readonly config: InfluxDBConfig,
    private readonly warn: (m: string) => void,
    options: InfluxDBOutputOptions = {},
  ) {
    this.description = `InfluxDBv1 (${config.addr})`;
    this.formatter = new LineFormatter(config.tagsAsFields, config.precision);
    this.maxQueued = options.maxQueuedPoints ?? 1_000_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
    const agentOptions = { keepAlive: true, maxSockets: config.concurrentWrites + 1 };
    this.agent = config.addr.startsWith('https:') ? new HttpsAgent({ ...agentOptions, rejectUnauthorized: !config.insecure }) : new HttpAgent(agentOptions);
  }

  /** Points InfluxDB has acknowledged so far (a point can be stored before its reply arrives). */
  get acknowledged(): number {
    return this.written;
  }

  async start(): Promise<void> {
    try {
      await this.post('/query', new URLSearchParams(), new URLSearchParams({ q: `CREATE DATABASE "${this.config.db.replace(/["\\]/g, '\\$&')}"` }).toString(), 'application/x-www-form-urlencoded');
    } catch (err) {
      // An HTTP error (no admin rights, say) is ignored, as k6 does; not reaching InfluxDB is worth one warning.
      this.failure(err, `InfluxDB at ${this.config.addr} could not be reached to create database "${this.config.db}"`, ' (the test goes on; points are dropped until it answers)');
    }
    this.timer = setInterval(() => this.flush(), this.config.pushIntervalMs);
    this.timer.unref();
  }

  addSamples(samples: Sample[]): void {
    try {
      if (this.stopping) {
        this.dropped += samples.length;
        return;
      }
      for (const s of samples) this.queue.push(s);
      const over = this.queue.length - this.head - this.maxQueued;
      if (over > 0) {
        this.head += over;
        this.dropped += over;
        this.warnOnce('overflow', `influxdb: more than ${this.maxQueued} points wait to be written; the oldest are being dropped`);
      }
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
    } catch {
      this.dropped += samples.length;
    }
  }

  stop(): Promise<OutputReport> {
    this.report ??= this.finish();
    return this.report;
  }

  private async finish(): Promise<OutputReport> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    let expired = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(() => ((expired = true), resolve()), this.stopTimeoutMs)));
    try {
      this.flush();
      while (!expired && this.inFlight.size > 0) {
        await Promise.race([...this.inFlight, deadline]);
        this.flush();
      }
      if (this.inFlight.size > 0 || this.queued() > 0) {
        this.warnOnce('stop', `influxdb: ${this.queued()} queued points and ${this.live.size} writes were left when stop's ${this.stopTimeoutMs} ms ran out; they are dropped`);
        for (const req of this.live) req.destroy(new Stopped('stopped'));
        await Promise.all([...this.inFlight]);
      }
    } catch {
      // never reject
    } finally {
      clearTimeout(timer);
    }
    this.dropped += this.queued();
    this.queue = [];
    this.head = 0;
    this.agent.destroy();
    return { name: 'influxdb', written: this.written, dropped: this.dropped, warnings: [...this.warnings] };
  }

  private queued(): number {
    return this.queue.length - this.head;
  }

  /** Starts writes while there is room in flight; the rest waits for a free slot or the next tick. */
  private flush(): void {
    while (this.inFlight.size < this.config.concurrentWrites && this.queued() > 0) {
      const batch = this.queue.slice(this.head, this.head + this.config.payloadSize);
      this.head += batch.length;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      const write = this.write(batch).finally(() => {
        this.inFlight.delete(write);
        if (!this.stopping && this.queued() >= this.config.payloadSize) this.flush();
      });
      this.inFlight.add(write);
    }
  }

  private async write(batch: Sample[]): Promise<void> {
    const lines: string[] = [];
    for (const s of batch) {
      try {
        lines.push(this.formatter.format(s, (tag, type, text) => this.warnOnce(`tag:${tag}`, `influxdb: tag "${tag}" = ${JSON.stringify(text)} is not ${type === 'int' ? 'an int' : `a ${type}`}; it is left out of the point`)));
      } catch (err) {
        this.dropped += 1;
        if (err instanceof PointError) this.warnOnce('point', `influxdb: a "${s.metric}" point was not written: ${err.message}`);
      }
    }
    if (lines.length === 0) return;
    const query = new URLSearchParams({ db: this.config.db, precision: this.config.precision });
    if (this.config.retention) query.set('rp', this.config.retention);
    if (this.config.consistency) query.set('consistency', this.config.consistency);
    const started = Date.now();
    try {
      const reply = await this.post('/write', query, lines.join('\n'), 'text/plain; charset=utf-8');
      const partial = reply.status === 400 ? /dropped=(\d+)/.exec(reply.text) : null;
      if (reply.status === 204 || reply.status === 200) this.written += lines.length;
      else if (partial && /partial write/.test(reply.text)) {
        const lost = Math.min(lines.length, Number(partial[1]));
        this.written += lines.length - lost;
        this.dropped += lost;
        this.warnOnce('http:partial', `influxdb: InfluxDB rejected some points: ${errorText(reply)}`);
      } else {
        this.dropped += lines.length;
        const kind = errorText(reply).split(/[:'"]/)[0].trim().slice(0, 60);
        this.warnOnce(`http:${reply.status}:${kind}`, `influxdb: a write of ${lines.length} points got HTTP ${reply.status}: ${errorText(reply)}; those points are dropped`);
      }
    } catch (err) {
      this.dropped += lines.length;
      if (err instanceof Stopped) return;
      this.failure(err, `influxdb: a write of ${lines.length} points to ${this.config.addr} failed`, '; those points are dropped, later writes keep trying');
    }
    const took = Date.now() - started;
    if (took > this.config.pushIntervalMs) {
      this.warnOnce('slow', `influxdb: a write took ${took} ms, longer than the push interval (${this.config.pushIntervalMs} ms); if this repeats, the InfluxDB setup or K6_INFLUXDB_PUSH_INTERVAL / K6_INFLUXDB_CONCURRENT_WRITES need adjusting to keep up`);
    }
  }

  /** Network failures and timeouts: rejects; any HTTP reply (even an error status) resolves. */
  private post(path: string, query: URLSearchParams, body: string, contentType: string): Promise<Reply> {
    const url = new URL(`${this.config.addr}${path}`);
    url.search = query.toString();
    const headers: Record<string, string> = { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) };
    if (this.config.username !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${this.config.username}:${this.config.password ?? ''}`).toString('base64')}`;
    }
    return new Promise<Reply>((resolve, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method: 'POST', agent: this.agent, headers }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < 65_536) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => done(null, { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => done(err));
        res.on('close', () => done(new Error('the connection closed mid-response')));
      });
      const timer = setTimeout(() => req.destroy(new RequestTimeout(`no answer within ${this.requestTimeoutMs} ms`)), this.requestTimeoutMs);
      let settled = false;
      const done = (err: Error | null, reply?: Reply): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.live.delete(req);
        if (err) reject(err);
        else resolve(reply!);
      };
      this.live.add(req);
      req.on('error', (err) => done(err));
      req.on('close', () => done(new Error('the connection closed')));
      req.end(body);
    });
  }

  /** One warning per distinct reason (connection refused, timeout, …), however many writes fail for it. */
  private failure(err: unknown, what: string, tail: string): void {
    const e = err as NodeJS.ErrnoException;
    const lostConnection = CONNECTION_LOST.has(e?.code ?? '') || /socket hang up|connection closed/.test(e?.message ?? '');
    const key = e instanceof RequestTimeout ? 'timeout' : lostConnection ? 'net:connection' : `net:${e?.code ?? e?.message ?? String(err)}`;
    this.warnOnce(key, `${what}: ${e?.message ?? String(err)}${tail}`);
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(message);
    this.warn(message);
  }
}

function errorText(reply: Reply): string {
  try {
    const parsed = JSON.parse(reply.text) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error.slice(0, 300);
  } catch {
    // not JSON
  }
  return reply.text.trim().slice(0, 300) || '(empty body)';
}
