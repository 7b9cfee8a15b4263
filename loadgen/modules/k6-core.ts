/** The `k6` module: check, group, sleep, fail, randomSeed — as k6 documents them. */
import type { Tags } from '../metrics/sample.ts';
import { mulberry32 } from '../../servers/data/prng.ts';
import type { VuState } from '../vu/vu-state.ts';

type CheckSet = Record<string, ((value: unknown) => unknown) | unknown>;

export function createK6Module(vu: VuState, vuGlobal: { Math: Math }) {
  function check(value: unknown, sets: CheckSet, tags?: Tags): boolean {
    vu.requireVuContext('check()');
    let all = true;
    const now = performance.timeOrigin + performance.now();
    for (const name of Object.keys(sets)) {
      const set = sets[name];
      const passed = Boolean(typeof set === 'function' ? (set as (v: unknown) => unknown)(value) : set);
      all &&= passed;
      vu.host.emit('checks', passed ? 1 : 0, vu.tags(tags ? { ...tags, check: name } : { check: name }), now);
      vu.host.addCheck(vu.groupPath, name, passed);
    }
    return all;
  }

  function group<T>(name: string, fn: () => T): T {
    vu.requireVuContext('group()');
    if (typeof name !== 'string' || name === '' || name.includes('::')) throw new Error(`group name ${JSON.stringify(name)} is invalid: a non-empty string without "::"`);
    if (typeof fn !== 'function') throw new Error('group() needs a function as its second argument');
    const parent = vu.groupPath;
    vu.groupPath = `${parent}::${name}`;
    const start = performance.now();
    try {
      const result = fn();
      if (result && typeof (result as { then?: unknown }).then === 'function') {
        vu.host.warnOnce('group-async', 'group() with an async function: k6 does not support it; the group ends when the promise is created');
      }
      return result;
    } finally {
      vu.host.emit('group_duration', performance.now() - start, vu.tags(), performance.timeOrigin + performance.now());
      vu.groupPath = parent;
    }
  }

  function sleep(seconds: number): void {
    vu.requireVuContext('sleep()');
    const ms = Number(seconds) * 1000;
    if (!(ms > 0)) return;
    vu.host.sleep(ms, vu.slot);
  }

  function fail(message?: string): never {
    throw new Error(message ?? '');
  }

  function randomSeed(seed: number): void {
    vuGlobal.Math.random = mulberry32(Number(seed));
  }

  return { check, group, sleep, fail, randomSeed };
}
