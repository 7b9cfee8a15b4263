/**
 * One naming rule for scenario entries (`scenarios/<who>-<rest|grpc>.ts`): every target the runner
 * can measure finds its entry by that rule, and every entry file follows it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../build/bundle.ts';
import { MODEL_SERVERS, TARGETS } from '../../servers/registry.ts';
import { parseTargetSpec } from '../../runner/run/target-specs.ts';

const SCENARIOS = join(ROOT, 'scenarios');

test('every registry target, gateway and external target names an existing scenario entry', () => {
  const labels = [
    ...TARGETS.filter((t) => !t.needsUpstream).map((t) => t.id),
    ...MODEL_SERVERS.map((id) => `gateway:${id}`),
    'mytfs=http://127.0.0.1:8501',
    'mytfs-grpc=grpc://127.0.0.1:8500',
  ];
  for (const label of labels) {
    const spec = parseTargetSpec(label);
    assert.match(spec.scenario, /^[a-z0-9]+-(rest|grpc)$/, label);
    assert.ok(spec.scenario.endsWith(`-${spec.protocol}`), `${label}: ${spec.scenario} ends in its protocol`);
    assert.ok(existsSync(join(SCENARIOS, `${spec.scenario}.ts`)), `${label}: scenarios/${spec.scenario}.ts exists`);
  }
  assert.equal(parseTargetSpec('grpc').scenario, 'grpc-grpc');
  assert.equal(parseTargetSpec('gateway:grpc').scenario, 'gateway-rest', 'a gateway speaks REST whatever its upstream');
  assert.equal(parseTargetSpec('x=grpc://127.0.0.1:8500').scenario, 'tfserving-grpc', 'an external target runs the generic entry of its API');
});

test('every entry file in scenarios/ is named <who>-<rest|grpc>.ts', () => {
  const entries = readdirSync(SCENARIOS).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  assert.ok(entries.length >= 8, entries.join(', '));
  for (const file of entries) assert.match(file, /^[a-z0-9]+-(rest|grpc)\.ts$/, file);
});
