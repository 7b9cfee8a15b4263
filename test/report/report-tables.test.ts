/** report-tables on a RunReport written here: Table 3 by the windows' N (label data), the summary's paper ms/request, resources not measured. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunReport, TargetResult, WindowResult } from '../../runner/results/report-schema.ts';
import { reportTables, summaryTable, type Table } from '../../runner/report/report-tables.ts';

const latency = { mean: 2, p50: 2, p90: 3, p95: 4, p99: 5, max: 9 };
const paperWindow = (n: number, paperSeconds: number[]): WindowResult => ({ window: `n=${n}`, label: { name: 'n', value: n }, requests: n * paperSeconds.length, throughputRps: 1, latency, errorRate: 0, checkRate: 1, paperSeconds });
const result = (target: string, windows: WindowResult[], r: Partial<TargetResult> = {}): TargetResult => ({ target, paperRole: 'c', protocol: 'rest', profile: 'paper', status: 'ok', validity: ['valid'], windows, ...r });
const report = (results: TargetResult[]): RunReport => ({ runId: 't', createdAt: '', settings: {}, environment: { cores: 2 }, results });
const table = (tables: Table[], id: string) => tables.find((t) => t.id === id)!;

describe('report-tables', () => {
  const fastify = result('fastify', [paperWindow(1, [0.002, 0.004]), paperWindow(7, [0.07])], { resources: { cpuPercentMean: 80, cpuPercentMax: 120, rssMbMean: 100, rssMbMax: 110, samples: 4 } });
  const ext = result('mytfs', [paperWindow(7, [0.014])], { resourcesNotMeasured: 'no container given' });

  it("Table 3: one row per N measured (read from the windows' labels), ours beside the study", () => {
    const t3 = table(reportTables(report([fastify, ext])), 'table3');
    assert.deepEqual(t3.header.slice(0, 3), ['N', 'fastify (c)', 'mytfs (c)']);
    assert.deepEqual(t3.rows.map((r) => r.slice(0, 3)), [['1', '0.003', '–'], ['7', '0.070', '0.014']]);
  });

  it('the summary: paper ms/request at the largest N, resources or "not measured"', () => {
    const s = summaryTable(report([fastify, ext]));
    const col = (name: string) => s.header.indexOf(name);
    assert.equal(s.rows[0][col('paper ms/request')], '10.0');
    assert.equal(s.rows[1][col('paper ms/request')], '2.00');
    assert.equal(s.rows[0][col('CPU %')], '80.0');
    assert.equal(s.rows[1][col('CPU %')], 'not measured');
  });

  it('Table 4 gives % of all cores and says why resources are missing', () => {
    const t4 = table(reportTables(report([fastify, ext])), 'table4');
    assert.equal(t4.rows[0][4], '40.0');
    assert.match(t4.rows[1][2], /not measured: no container given/);
  });

  it('failed results are left out of the measured tables but kept in validity', () => {
    const failed = result('express', [], { status: 'failed', validity: ['failed'] });
    const tables = reportTables(report([fastify, failed]));
    assert.ok(!table(tables, 'latency').rows.some((r) => r[0] === 'express'));
    assert.deepEqual(table(tables, 'validity').rows.map((r) => [r[0], r[3]]), [['fastify', 'valid'], ['express', 'failed']]);
  });
});
