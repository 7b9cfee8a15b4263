/** `http://host:port/db` -> where to write; parsed once at the edge (the `--influx` flag). */

export interface InfluxTarget {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  database: string;
  username?: string;
  password?: string;
}

export class InfluxUrlError extends Error {
  constructor(url: string, why: string) {
    super(`--influx ${url}: ${why} (expected http://host:port/database, e.g. http://127.0.0.1:8086/servebench)`);
    this.name = 'InfluxUrlError';
  }
}

const DATABASE = /^[A-Za-z0-9_.-]+$/;

export function parseInfluxUrl(url: string): InfluxTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InfluxUrlError(url, 'not a URL');
  }
  const protocol = parsed.protocol.replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https') throw new InfluxUrlError(url, `protocol ${protocol} is not http or https`);
  if (parsed.search || parsed.hash) throw new InfluxUrlError(url, 'no query string or fragment allowed');
  const database = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, ''));
  if (!database) throw new InfluxUrlError(url, 'the database name is missing from the path');
  if (!DATABASE.test(database)) throw new InfluxUrlError(url, `database "${database}" must be letters, digits, _ . - only`);
  // URL drops a scheme's default port (http://h:80 -> ''), so read it from the text itself.
  const explicit = /^[a-z]+:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/]*):(\d+)/i.exec(url);
  const port = explicit ? Number(explicit[1]) : 8086;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return {
    protocol,
    host,
    port,
    database,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
  };
}

/** The URL k6's `--out influxdb=` takes (credentials included when given). */
export function formatInfluxUrl(t: InfluxTarget): string {
  const auth = t.username ? `${encodeURIComponent(t.username)}${t.password ? `:${encodeURIComponent(t.password)}` : ''}@` : '';
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${t.protocol}://${auth}${host}:${t.port}/${t.database}`;
}
