/** `k6/execution`: the VU, scenario, instance and test as k6 exposes them, plus test.abort(). */
import type { VuState } from '../vu/vu-state.ts';

export function createExecutionModule(vu: VuState) {
  const scenarioOrThrow = () => {
    if (!vu.scenario) throw new Error('exec.scenario is only available while a scenario runs (not in init, setup or teardown)');
    return vu.scenario;
  };
  const c = vu.host.counters;
  return {
    vu: {
      get idInTest() {
        return vu.id;
      },
      get idInInstance() {
        return vu.idInInstance;
      },
      get iterationInScenario() {
        return scenarioOrThrow().iterationInScenario;
      },
      get iterationInInstance() {
        return vu.iterationInInstance;
      },
      metrics: {
        get tags() {
          return vu.vuTags;
        },
        get metadata() {
          return {};
        },
      },
      get tags() {
        return vu.vuTags;
      },
    },
    scenario: {
      get name() {
        return scenarioOrThrow().name;
      },
      get executor() {
        return scenarioOrThrow().executor;
      },
      get startTime() {
        return scenarioOrThrow().startTime;
      },
      get progress() {
        return scenarioOrThrow().progress();
      },
      get iterationInInstance() {
        return scenarioOrThrow().iterationInInstance;
      },
      get iterationInTest() {
        return scenarioOrThrow().iterationInTest;
      },
    },
    instance: {
      get iterationsCompleted() {
        return c.iterationsCompleted;
      },
      get iterationsInterrupted() {
        return c.iterationsInterrupted;
      },
      get vusActive() {
        return c.vusActive;
      },
      get vusInitialized() {
        return c.vusInitialized;
      },
      get currentTestRunDuration() {
        const start = vu.host.testStartTime();
        return start ? performance.timeOrigin + performance.now() - start : 0;
      },
    },
    test: {
      abort(reason?: string): never {
        return vu.host.abortTest(reason);
      },
      get options() {
        return vu.host.options;
      },
    },
  };
}
