/**
 * `k6/data` SharedArray: built once per test (the first runtime to construct it runs the
 * function; every VU on every thread then reads the same JSON-serialised data), read-only.
 */
import type { VuState } from '../vu/vu-state.ts';

export function createDataModule(vu: VuState) {
  class SharedArray {
    constructor(name: string, build: () => unknown[]) {
      vu.requireInitContext('new SharedArray()');
      if (typeof name !== 'string' || name === '') throw new Error('SharedArray needs a non-empty name');
      if (typeof build !== 'function') throw new Error('SharedArray needs a function that returns an array');
      // A constructor returning an object makes `new` give that object: the frozen shared array.
      return vu.host.sharedArray(name, build) as unknown as SharedArray;
    }
  }
  return { SharedArray };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** The array every runtime of one thread sees for a shared array serialised as JSON elements. */
export function frozenArray(json: string): readonly unknown[] {
  return deepFreeze(JSON.parse(json) as unknown[]);
}

/** What the builder returned, checked and serialised once. */
export function serialiseShared(name: string, data: unknown): string {
  if (!Array.isArray(data)) throw new Error(`SharedArray ${JSON.stringify(name)}: the function must return an array`);
  return JSON.stringify(data);
}
