/** parseRunArgs: load flags become load settings over each profile's defaults; bad values are refused up front. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILES } from '../../scenarios/lib/profiles/registry.ts';
import { LOAD_USAGE } from '../../runner/run/load-flags.ts';
import { parseRunArgs, RUN_USAGE } from '../../runner/run/run-options.ts';
import { planRun, resolveLoadSettings } from '../../runner/run/run-settings.ts';

describe('run options', () => {
  it('without load flags every profile keeps its own short defaults (full with --full)', () => {
    const s = parseRunArgs(['--targets', 'null', '--profiles', 'paper,rate', '--run-id', 'x']);
    assert.deepEqual(s.load, {});
    assert.deepEqual(s.profiles, ['paper', 'rate']);
    assert.deepEqual(resolveLoadSettings(s, 'paper'), PROFILES.paper.defaults.short);
    const full = parseRunArgs(['--targets', 'null', '--full']);
    assert.deepEqual(resolveLoadSettings(full, 'concurrency'), PROFILES.concurrency.defaults.full);
  });

  it('load flags set exactly their settings, for every profile of the run', () => {
    const s = parseRunArgs(['--targets', 'null', '--profiles', 'concurrency,peak', '--levels', '2,3', '--rates', '5,15', '--step-duration', '1m30s', '--warmup', '0', '--paper-n', '4', '--repetitions', '2', '--duration', '500ms']);
    assert.deepEqual(s.load, { paperN: [4], paperRepeats: 2, levels: [2, 3], rates: [5, 15], stepMs: 90_000, durationMs: 500, warmupMs: 0 });
    const plan = planRun(s);
    assert.deepEqual(plan.profiles.peak!.plan.steps.map((st) => st.label.value), [5, 15]);
    assert.deepEqual(plan.profiles.concurrency!.plan.steps.map((st) => st.label.value), [2, 3]);
    assert.equal(plan.profiles.paper, undefined, 'only the profiles run are planned');
  });

  it('refuses bad values, unknown profiles and a target named twice', () => {
    const bad: [string[], RegExp][] = [
      [['--levels', '1,x'], /--levels must be a comma-separated list of positive integers/],
      [['--rates', '0'], /--rates must be/],
      [['--step-duration', '10 sec'], /--step-duration must be a duration/],
      [['--repetitions', '0'], /--repetitions/],
      [['--profiles', 'paper,burst'], /unknown profile "burst"/],
      [['--targets', 'null,null'], /"null" is named twice/],
      [['--run-id', 'a/b'], /--run-id/],
    ];
    for (const [args, message] of bad) assert.throws(() => parseRunArgs(['--targets', 'null', ...args]), message, args.join(' '));
  });

  it('the usage quotes the profiles’ own defaults', () => {
    assert.ok(RUN_USAGE.includes(LOAD_USAGE));
    assert.match(LOAD_USAGE, new RegExp(`--paper-n .*default ${PROFILES.paper.defaults.short.paperN.join(',')}; --full ${PROFILES.paper.defaults.full.paperN.join(',')}`));
    assert.match(LOAD_USAGE, /--step-duration .*default 10s; --full 30s/);
  });
});
