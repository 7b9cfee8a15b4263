/** Starting registered targets on 127.0.0.1 port 0 for tests, with the generated model. */
import { ensureModel } from '../../servers/model/generate.ts';
import { getTarget } from '../../servers/registry.ts';
import { parseTargetSpec } from '../../runner/run/target-specs.ts';
import { DEFAULT_MODEL_DIR, DEFAULT_TARGET_OPTIONS, type RunningTarget, type TargetOptions } from '../../servers/targets/target.ts';

export async function modelDir(): Promise<string> {
  await ensureModel(DEFAULT_MODEL_DIR);
  return DEFAULT_MODEL_DIR;
}

export async function startTarget(id: string, overrides: Partial<TargetOptions> = {}): Promise<RunningTarget> {
  const { createServer } = await getTarget(id).load();
  return createServer({ ...DEFAULT_TARGET_OPTIONS, modelDir: await modelDir(), workers: 1, ...overrides });
}

/** A REST target under test: the target itself, or a gateway in front of a model server. */
export interface TargetUnderTest {
  name: string;
  url: string;
  /** True when the answers come from the model (false for the canned-answer baseline). */
  servesModel: boolean;
  close(): Promise<void>;
}

export async function startUnderTest(label: string, overrides: Partial<TargetOptions> = {}): Promise<TargetUnderTest> {
  const spec = parseTargetSpec(label);
  if (!spec.upstreamId) {
    const t = await startTarget(spec.targetId, overrides);
    return { name: label, url: t.url, servesModel: spec.servesModel, close: t.close };
  }
  const upstream = await startTarget(spec.upstreamId, overrides);
  const gateway = await startTarget(spec.targetId, { ...overrides, upstream: upstream.url });
  return {
    name: label,
    url: gateway.url,
    servesModel: spec.servesModel,
    close: async () => {
      await gateway.close();
      await upstream.close();
    },
  };
}
