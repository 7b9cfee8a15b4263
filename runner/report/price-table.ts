/**
 * What a vCPU-hour and a GB-hour cost, for the report's dollars per million predictions. The
 * defaults are an example, not advice: a public cloud's on-demand container prices. Pass your
 * own with `servebench report <dir> --prices prices.json` or `--vcpu-hour` / `--gb-hour`
 * (price-flags.ts). Pure: no node: imports (the report schema, read by the scenarios, names it).
 */
export interface PriceTable {
  /** Dollars per vCPU-hour (one core busy for an hour). */
  vcpuHour: number;
  /** Dollars per GB-hour of memory (GB = 2^30 bytes, as cloud memory prices count it). */
  gbHour: number;
  /** Where the prices come from (shown in the report). */
  source: string;
}

export const DEFAULT_PRICES: PriceTable = {
  vcpuHour: 0.04048,
  gbHour: 0.004445,
  source: 'example: AWS Fargate on-demand, Linux/x86, us-east-1 ($0.04048 per vCPU-hour, $0.004445 per GB-hour, as published on aws.amazon.com/fargate/pricing); check current prices and pass your own',
};

export function price(value: unknown, what: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`${what} must be a number of dollars >= 0, got ${JSON.stringify(value)}`);
  return n;
}

/** A price file: `{"vcpuHour": 0.05, "gbHour": 0.005, "source": "my provider, 2026"}`; a missing field keeps the default. */
export function parsePriceFile(text: string, file: string): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`price file ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`price file ${file} must be an object like {"vcpuHour": 0.05, "gbHour": 0.005}`);
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !['vcpuHour', 'gbHour', 'source'].includes(k));
  if (unknown) throw new Error(`price file ${file}: unknown field "${unknown}" (vcpuHour, gbHour, source)`);
  return {
    vcpuHour: o.vcpuHour === undefined ? DEFAULT_PRICES.vcpuHour : price(o.vcpuHour, `${file}: vcpuHour`),
    gbHour: o.gbHour === undefined ? DEFAULT_PRICES.gbHour : price(o.gbHour, `${file}: gbHour`),
    source: typeof o.source === 'string' && o.source ? o.source : file,
  };
}
