/**
 * What one VU's k6 modules share: its identity, where it is (init or iteration, scenario, group,
 * iteration numbers), its tags, and the services of the thread hosting it (sample sink, I/O,
 * shared arrays, abort). Modules read and update this; nothing here touches the network.
 */
import type { Tags } from '../metrics/sample.ts';
import type { HostServices } from './host-services.ts';

export interface ScenarioState {
  name: string;
  executor: string;
  /** Epoch ms when the scenario started. */
  startTime: number;
  /** Scenario tags (from options). */
  tags: Tags;
  /** Scenario env, merged over the global env for __ENV. */
  env: Record<string, string>;
  /** Iteration number of this VU within the scenario (0-based). */
  iterationInScenario: number;
  /** Global iteration index within the scenario, across instances, for the current iteration. */
  iterationInTest: number;
  /** Iteration index within the scenario on this instance. */
  iterationInInstance: number;
  /** 0..1 of the scenario's planned length. */
  progress(): number;
}

export class VuState {
  /** 'init' while the module top level runs; 'vu' during iterations; 'setup'/'teardown' in that runtime. */
  phase: 'init' | 'vu' | 'setup' | 'teardown' | 'summary' = 'init';
  scenario: ScenarioState | null = null;
  /** k6's group path: '' at the root, `::a::b` inside groups a > b. */
  groupPath = '';
  /** exec.vu.metrics.tags: the script may change it; applies to every later sample of this VU. */
  readonly vuTags: Tags = {};
  /** __ITER: iterations this VU has run in the current scenario (per scenario, like k6). */
  iteration = 0;
  /** exec.vu.iterationInInstance: this VU's iterations on this instance, counted on across scenarios (k6). */
  iterationInInstance = 0;
  private started = 0;
  /** Numbers the iteration about to start. */
  beginIteration(): void {
    this.iteration = this.scenario ? this.scenario.iterationInScenario : this.iteration;
    this.iterationInInstance = this.started++;
  }
  /** Bytes sent/received during the current iteration (emitted as data_sent/data_received at its end). */
  bytesSent = 0;
  bytesReceived = 0;

  constructor(
    /** exec.vu.idInTest / __VU (0 in setup, teardown and the options runtime). */
    readonly id: number,
    readonly idInInstance: number,
    readonly host: HostServices,
    /** This VU's slot in its thread's control words (stop state), not an id a script sees. */
    readonly slot = 0,
  ) {}

  get inInit(): boolean {
    return this.phase === 'init';
  }

  /** The tags a sample taken now gets (test-wide < scenario < VU), plus `extra` last. */
  tags(extra?: Tags): Tags {
    const s = this.scenario;
    const t: Tags = { ...this.host.testTags };
    if (s) Object.assign(t, s.tags);
    t.group = this.groupPath;
    t.scenario = s ? s.name : this.phase === 'vu' ? 'default' : this.phase;
    Object.assign(t, this.vuTags);
    if (extra) Object.assign(t, extra);
    return t;
  }

  /** Throws the error k6 gives when an API that needs a running VU is used in the init context. */
  requireVuContext(what: string): void {
    if (this.phase === 'init') throw new Error(`${what} cannot be called in the init context; call it from a VU function (default, setup, teardown, or a scenario's exec)`);
  }

  /** For a blocking call's wait loop: true once this VU was told to stop its iteration now. */
  readonly interrupted = (): boolean => {
    try {
      this.host.checkInterrupted(this.slot);
      return false;
    } catch {
      return true;
    }
  };

  requireInitContext(what: string): void {
    if (this.phase !== 'init') throw new Error(`${what} is only available in the init context (the script's top level)`);
  }
}
