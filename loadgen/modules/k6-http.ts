/**
 * `k6/http`: request/get/post/put/patch/del/head/options, asyncRequest, batch, expected
 * statuses and response callbacks; Responses with status, body, headers, timings, error,
 * error_code, json(). Blocking calls go through the I/O bridge; asyncRequest uses the VU's own
 * keep-alive transport in this thread. Every request emits k6's http_req_* samples.
 */
import { bridgedBody } from '../http/body-bytes.ts';
import type { HttpRequestSpec, HttpResult, HttpTransport, ResponseType } from '../http/http-types.ts';
import type { Tags } from '../metrics/sample.ts';
import { parseDurationMs as durationMs } from '../executors/executor-config.ts';
import { IterationInterrupted } from '../vu/host-services.ts';
import type { VuState } from '../vu/vu-state.ts';

type Body = string | ArrayBuffer | ArrayBufferView | Record<string, unknown> | null | undefined;
interface Params {
  headers?: Record<string, string>;
  tags?: Tags;
  timeout?: string | number;
  responseType?: ResponseType;
  responseCallback?: ExpectedStatuses | null;
  redirects?: number;
  [key: string]: unknown;
}
interface ExpectedStatuses {
  readonly __expected: (status: number) => boolean;
}
type BatchItem = string | [string, string, Body?, Params?] | { method?: string; url: string; body?: Body; params?: Params };

const KNOWN_PARAMS = new Set(['headers', 'tags', 'timeout', 'responseType', 'responseCallback', 'redirects']);
const DEFAULT_TIMEOUT_MS = 60_000;

export function expectedStatuses(...ranges: (number | { min: number; max: number })[]): ExpectedStatuses {
  const ok = ranges.map((r) => (typeof r === 'number' ? (s: number) => s === r : (s: number) => s >= r.min && s <= r.max));
  return Object.freeze({ __expected: (s: number) => ok.some((f) => f(s)) });
}
const DEFAULT_EXPECTED = expectedStatuses({ min: 200, max: 399 });

function encodeBody(body: Body, headers: Record<string, string>): string | Uint8Array | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  if (typeof (body as ArrayBuffer).byteLength === 'number' && typeof (body as ArrayBuffer).slice === 'function') return new Uint8Array((body as ArrayBuffer).slice(0));
  if (typeof body === 'object') {
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return Object.entries(body)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
  }
  return String(body);
}

/** A simple gjson-like path (`a.b.0.c`) for Response.json(selector). */
function select(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

class Response {
  status: number;
  status_text: string;
  proto: string;
  body: string | ArrayBuffer | null;
  headers: Record<string, string>;
  timings: HttpResult['timings'];
  error: string;
  error_code: number;
  url: string;
  request: { method: string; url: string; headers: Record<string, string[]>; body: string };
  constructor(spec: HttpRequestSpec, r: HttpResult) {
    this.status = r.status;
    this.status_text = r.status ? `${r.status} ${r.statusText}` : '';
    this.proto = r.proto;
    this.body = r.body;
    this.headers = r.headers;
    this.timings = r.timings;
    this.error = r.error;
    this.error_code = r.error_code;
    this.url = spec.url;
    const headers = Object.fromEntries(Object.entries(spec.headers).map(([k, v]) => [k, [v]]));
    this.request = { method: spec.method, url: spec.url, headers, body: typeof spec.body === 'string' ? spec.body : '' };
  }
  json(selector?: string): unknown {
    if (typeof this.body !== 'string') throw new Error('the body is not text: json() needs responseType "text"');
    const parsed = JSON.parse(this.body) as unknown;
    return selector ? select(parsed, selector) : parsed;
  }
  html(): never {
    throw new Error('Response.html() is not supported by the built-in engine; run this script with k6');
  }
}

export function createHttpModule(vu: VuState) {
  let responseCallback: ExpectedStatuses | null = DEFAULT_EXPECTED;
  let transport: HttpTransport | undefined;

  function prepare(method: string, url: unknown, body: Body, params: Params | undefined): { spec: HttpRequestSpec; tags: Tags; expected: ExpectedStatuses | null } {
    vu.requireVuContext(`http.${method.toLowerCase()}()`);
    const p = params ?? {};
    for (const key of Object.keys(p)) {
      if (!KNOWN_PARAMS.has(key)) throw new Error(`http params.${key} is not supported by the built-in engine; run this script with k6`);
    }
    const href = String(url);
    if (!/^https?:\/\//i.test(href)) throw new Error(`invalid URL ${JSON.stringify(href)}: only http:// and https:// are supported`);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.headers ?? {})) headers[k] = String(v);
    const discard = (vu.host.options as { discardResponseBodies?: boolean }).discardResponseBodies === true;
    const spec: HttpRequestSpec = {
      method: method.toUpperCase(),
      url: href,
      headers,
      body: encodeBody(body, headers),
      timeoutMs: p.timeout === undefined ? DEFAULT_TIMEOUT_MS : durationMs(p.timeout, 'http params.timeout'),
      responseType: p.responseType ?? (discard ? 'none' : 'text'),
    };
    const expected = p.responseCallback === undefined ? responseCallback : p.responseCallback;
    return { spec, tags: p.tags ?? {}, expected };
  }

  function record(spec: HttpRequestSpec, r: HttpResult, reqTags: Tags, expected: ExpectedStatuses | null): Response {
    const tags = vu.tags({ method: spec.method, url: spec.url, name: spec.url, status: String(r.status), proto: r.proto, ...reqTags });
    if (r.error_code) tags.error_code = String(r.error_code);
    const ok = expected ? expected.__expected(r.status) : true;
    if (expected) tags.expected_response = ok ? 'true' : 'false';
    const host = vu.host;
    const t = r.endTime;
    const tm = r.timings;
    host.emit('http_reqs', 1, tags, t);
    host.emit('http_req_duration', tm.duration, tags, t);
    host.emit('http_req_blocked', tm.blocked, tags, t);
    host.emit('http_req_connecting', tm.connecting, tags, t);
    host.emit('http_req_tls_handshaking', tm.tls_handshaking, tags, t);
    host.emit('http_req_sending', tm.sending, tags, t);
    host.emit('http_req_waiting', tm.waiting, tags, t);
    host.emit('http_req_receiving', tm.receiving, tags, t);
    if (expected) host.emit('http_req_failed', ok ? 0 : 1, tags, t);
    vu.bytesSent += r.bytesSent;
    vu.bytesReceived += r.bytesReceived;
    if (r.error && r.error_code) vu.host.warnOnce(`http-error-${r.error_code}`, `request failed: ${r.error} (error_code ${r.error_code}); later errors of this kind are counted, not logged`);
    return new Response(spec, r);
  }

  function blocking(items: { spec: HttpRequestSpec; tags: Tags; expected: ExpectedStatuses | null }[]): Response[] {
    const specs = items.map(({ spec }) => (typeof spec.body === 'string' ? { ...spec, body: bridgedBody(spec.body) } : spec));
    const res = vu.host.syncIo.call({ op: 'http', vu: vu.id, specs }, vu.interrupted);
    if (!res.ok) {
      if (res.error === 'interrupted') throw new IterationInterrupted('iteration interrupted');
      throw new Error(`http: ${res.error}`);
    }
    return (res.http ?? []).map((r, i) => record(items[i].spec, r, items[i].tags, items[i].expected));
  }

  function request(method: string, url: unknown, body?: Body, params?: Params): Response {
    return blocking([prepare(method, url, body, params)])[0];
  }

  async function asyncRequest(method: string, url: unknown, body?: Body, params?: Params): Promise<Response> {
    const item = prepare(method, url, body, params);
    transport ??= vu.host.newHttpTransport();
    const r = await transport.request(item.spec);
    return record(item.spec, r, item.tags, item.expected);
  }

  function batch(requests: BatchItem[] | Record<string, BatchItem>): Response[] | Record<string, Response> {
    const entries = Array.isArray(requests) ? requests.map((r, i) => [String(i), r] as const) : Object.entries(requests);
    const items = entries.map(([, r]) => {
      if (typeof r === 'string') return prepare('GET', r, null, undefined);
      if (Array.isArray(r)) return prepare(r[0], r[1], r[2], r[3]);
      return prepare(r.method ?? 'GET', r.url, r.body, r.params);
    });
    const responses = blocking(items);
    if (Array.isArray(requests)) return responses;
    return Object.fromEntries(entries.map(([k], i) => [k, responses[i]]));
  }

  const module = {
    request,
    asyncRequest,
    batch,
    get: (url: unknown, params?: Params) => request('GET', url, null, params),
    head: (url: unknown, params?: Params) => request('HEAD', url, null, params),
    post: (url: unknown, body?: Body, params?: Params) => request('POST', url, body, params),
    put: (url: unknown, body?: Body, params?: Params) => request('PUT', url, body, params),
    patch: (url: unknown, body?: Body, params?: Params) => request('PATCH', url, body, params),
    del: (url: unknown, body?: Body, params?: Params) => request('DELETE', url, body, params),
    options: (url: unknown, body?: Body, params?: Params) => request('OPTIONS', url, body, params),
    expectedStatuses,
    setResponseCallback(cb: ExpectedStatuses | null) {
      responseCallback = cb;
    },
  };
  /** close(): when the VU ends, its in-thread connections go (the I/O thread's are closed by a request). */
  return { module, close: () => transport?.close() };
}
