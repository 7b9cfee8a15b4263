/**
 * A small slice of k6's REST API on --address, so tools that poll a running k6 poll us the
 * same way: `GET /v1/metrics/<name>` (the metric's current values as `attributes.sample`) and
 * `GET /v1/status`. Loopback only unless the address says otherwise.
 */
import { createServer, type Server } from 'node:http';

export interface LiveSource {
  metric(name: string): { type: string; contains: string; sample: Record<string, number> } | undefined;
  status(): { running: boolean; vus: number; vusMax: number; stopped: boolean };
}

export async function startLiveApi(address: string, source: LiveSource): Promise<Server> {
  const m = /^(.*):(\d+)$/.exec(address);
  if (!m) throw new Error(`--address ${address}: expected HOST:PORT`);
  const host = m[1] || '127.0.0.1';
  const server = createServer((req, res) => {
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = req.url ?? '';
    const metric = /^\/v1\/metrics\/([A-Za-z0-9_]+)$/.exec(url);
    if (req.method === 'GET' && metric) {
      const found = source.metric(metric[1]);
      if (!found) return send(404, { errors: [{ status: '404', title: 'metric not found' }] });
      return send(200, { data: { type: 'metrics', id: metric[1], attributes: { type: found.type, contains: found.contains, tainted: null, sample: found.sample } } });
    }
    if (req.method === 'GET' && url === '/v1/status') {
      const s = source.status();
      return send(200, { data: { type: 'status', id: 'default', attributes: { status: s.running ? 'running' : 'finished', paused: false, vus: s.vus, 'vus-max': s.vusMax, stopped: s.stopped, running: s.running, tainted: false } } });
    }
    send(404, { errors: [{ status: '404', title: 'not found' }] });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(m[2]), host, () => resolve());
  });
  server.unref();
  return server;
}
