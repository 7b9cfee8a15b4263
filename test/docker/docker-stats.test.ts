/** Docker stats -> ResourceSample, as `docker stats` computes it (cgroup v1 and v2 shapes). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resourceSampleFromStats, type DockerStats } from '../../runner/runtimes/docker-stats.ts';

const base = {
  read: '2024-01-01T00:00:01.000Z',
  cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 104_000_000_000, online_cpus: 4 },
  precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 100_000_000_000 },
};

test('CPU % is the container share of the host delta times the online CPUs (100 = one core)', () => {
  const s = resourceSampleFromStats({ ...base, memory_stats: { usage: 100 } });
  // 1 s of CPU over 4 s of host time on 4 cores = one core busy.
  assert.equal(s.cpuPercent, 100);
  assert.equal(s.t, Date.parse(base.read));
});

test('cgroup v1: working set = usage - total_inactive_file', () => {
  const s = resourceSampleFromStats({ ...base, memory_stats: { usage: 300, stats: { total_inactive_file: 120, inactive_file: 5 } } });
  assert.equal(s.rssBytes, 300);
  assert.equal(s.workingSetBytes, 180);
});

test('cgroup v2: working set = usage - inactive_file', () => {
  const s = resourceSampleFromStats({ ...base, memory_stats: { usage: 300, stats: { inactive_file: 50 } } });
  assert.equal(s.workingSetBytes, 250);
});

test('no previous reading (first one-shot sample) gives 0 %, never NaN or negative', () => {
  const stats: DockerStats = { cpu_stats: base.cpu_stats, precpu_stats: { cpu_usage: { total_usage: 0 } }, memory_stats: {} };
  const s = resourceSampleFromStats(stats, 42);
  assert.equal(s.cpuPercent, 0);
  assert.equal(s.rssBytes, 0);
  assert.equal(s.t, 42);
});
