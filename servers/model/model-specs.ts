/** The models servebench generates, by name (`npm run model -- --model payload224`). One entry per model. */
import { CIFAR10, type ModelSpec } from './architecture.ts';
import { LARGE_INPUT_MODEL } from './large-input-model.ts';

export const MODEL_SPECS = { [CIFAR10.name]: CIFAR10, [LARGE_INPUT_MODEL.name]: LARGE_INPUT_MODEL } as const satisfies Record<string, ModelSpec>;

export function modelSpecNamed(name: string): ModelSpec {
  const spec = (MODEL_SPECS as Record<string, ModelSpec>)[name];
  if (!spec) throw new Error(`no generated model named ${name} (known: ${Object.keys(MODEL_SPECS).join(', ')})`);
  return spec;
}
