/** The price table from the command line (`servebench report`): a JSON file, then single prices over it, else the defaults. */
import { readFileSync } from 'node:fs';
import { DEFAULT_PRICES, parsePriceFile, price, type PriceTable } from './price-table.ts';

export interface PriceFlags {
  prices?: string;
  vcpuHour?: string;
  gbHour?: string;
}

export function priceTableFrom(flags: PriceFlags): PriceTable {
  const base = flags.prices ? parsePriceFile(readFileSync(flags.prices, 'utf8'), flags.prices) : DEFAULT_PRICES;
  if (flags.vcpuHour === undefined && flags.gbHour === undefined) return base;
  return {
    vcpuHour: flags.vcpuHour === undefined ? base.vcpuHour : price(flags.vcpuHour, '--vcpu-hour'),
    gbHour: flags.gbHour === undefined ? base.gbHour : price(flags.gbHour, '--gb-hour'),
    source: 'given on the command line',
  };
}
