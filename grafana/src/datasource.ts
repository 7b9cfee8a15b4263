/** The InfluxDB datasource every panel and variable reads, as provisioned in grafana/provisioning/datasources/influxdb.yaml. */
export const DATASOURCE = { type: 'influxdb', uid: 'servebench-influxdb' } as const;
