/** An `influx` client for a parsed `--influx` target: its host, port, protocol, database and credentials, plus any client options. */
import { InfluxDB, type ISingleHostConfig } from 'influx';
import type { InfluxTarget } from './influx-url.ts';

export function influxClient(target: InfluxTarget, extra: Omit<ISingleHostConfig, 'host' | 'port' | 'protocol' | 'database' | 'username' | 'password'> = {}): InfluxDB {
  return new InfluxDB({
    host: target.host,
    port: target.port,
    protocol: target.protocol,
    database: target.database,
    ...(target.username ? { username: target.username, password: target.password ?? '' } : {}),
    ...extra,
  });
}
