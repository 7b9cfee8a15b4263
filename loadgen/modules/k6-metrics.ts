/** `k6/metrics`: custom Counter, Gauge, Rate, Trend (isTime) — created in init, added to in VUs. */
import { metricNameProblem } from '../metrics/metric-registry.ts';
import type { MetricType, Tags } from '../metrics/sample.ts';
import type { VuState } from '../vu/vu-state.ts';

export function createMetricsModule(vu: VuState) {
  function make(type: MetricType) {
    return class CustomMetric {
      readonly name: string;
      constructor(name: string, isTime = false) {
        vu.requireInitContext(`new ${type[0].toUpperCase()}${type.slice(1)}()`);
        const problem = metricNameProblem(name);
        if (problem) throw new Error(problem);
        this.name = name;
        vu.host.registerMetric({ name, type, contains: type === 'trend' && isTime ? 'time' : 'default' });
      }
      add(value: number | boolean, tags?: Tags): boolean {
        vu.requireVuContext(`${this.name}.add()`);
        const v = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
        if (!Number.isFinite(v)) {
          vu.host.warnOnce(`metric-nan-${this.name}`, `${this.name}.add(${String(value)}): not a number, sample ignored`);
          return false;
        }
        vu.host.emit(this.name, v, vu.tags(tags), performance.timeOrigin + performance.now());
        return true;
      }
    };
  }
  return { Counter: make('counter'), Gauge: make('gauge'), Rate: make('rate'), Trend: make('trend') };
}
