/** What a gateway's timing must look like: its upstream's own parts nested inside its `upstream` span. */
import assert from 'node:assert/strict';
import { nestedPart, OWN_PARTS, type OwnPart, type ServerTiming } from '../../servers/core/server-timing.ts';

/**
 * `upstream` present; the model server's parts (those in `expected`) present and nested, adding
 * up to no more than the span; no model-server part reported as the gateway's own.
 */
export function assertNestedTiming(timing: ServerTiming, expected: readonly OwnPart[], what: string): void {
  assert.ok(timing.upstream !== undefined && timing.upstream > 0, `${what}: no upstream span in ${JSON.stringify(timing)}`);
  assert.equal(timing.infer, undefined, `${what}: the upstream's infer reported as the gateway's own: ${JSON.stringify(timing)}`);
  assert.equal(timing.queue, undefined, `${what}: the upstream's queue reported as the gateway's own: ${JSON.stringify(timing)}`);
  for (const part of expected) assert.ok(timing[nestedPart(part)]! >= 0, `${what}: no upstream.${part} in ${JSON.stringify(timing)}`);
  const nested = OWN_PARTS.reduce((sum, part) => sum + (timing[nestedPart(part)] ?? 0), 0);
  assert.ok(nested <= timing.upstream, `${what}: the upstream's parts (${nested} ms) exceed the span they nest in (${timing.upstream} ms)`);
}
