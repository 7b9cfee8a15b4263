/**
 * The sweep's results as tables: one row per (model, wire format, batch) averaged over the
 * rounds with its run-to-run spread; where gRPC starts to win over REST JSON (crossover batch and
 * input size) and the ratio the issue asks of the large-input model; and whether our targets
 * give the same throughput over TF Serving's API and over the Open Inference Protocol.
 */
import { imageValues } from '../../servers/data/image-shape.ts';
import { mean } from '../../runner/results/stats.ts';
import type { CellResult } from './run-cell.ts';
import { GRPC_FORMATS, REST_BASELINE, sweepModelNamed, WIRE_FORMATS } from './sweep-plan.ts';

/** The target: gRPC tensor_content / OIP raw images/s over REST JSON's, large-input model. */
export const GRPC_TARGET_RATIO = 1.5;

export interface SweepRow extends Omit<CellResult, 'round'> {
  rounds: number;
  /** (max - min) / mean of images/s over the rounds; 0 with one round. */
  spread: number;
}

const ROW_FIGURES = [
  'requests', 'requestsPerSec', 'imagesPerSec', 'sentBytes', 'receivedBytes', 'latencyMs',
  'serverDecodeMs', 'serverInferMs', 'serverEncodeMs', 'clientMs', 'checkRate', 'failed',
] as const satisfies readonly (keyof CellResult)[];

/** One row per cell, its figures the mean over the rounds. */
export function sweepRows(cells: CellResult[]): SweepRow[] {
  const groups = new Map<string, CellResult[]>();
  for (const c of cells) {
    const key = `${c.model}|${c.format}|${c.batch}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((g) => {
    const images = g.map((c) => c.imagesPerSec);
    const row = { model: g[0].model, format: g[0].format, batch: g[0].batch, rounds: g.length } as SweepRow;
    for (const f of ROW_FIGURES) row[f] = mean(g.map((c) => c[f]));
    row.spread = (Math.max(...images) - Math.min(...images)) / row.imagesPerSec;
    return row;
  });
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function bytesText(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

export function markdownTable(rows: SweepRow[]): string {
  const head =
    '| model | wire format | batch | request | response | images/s | spread | req/s | latency ms | server decode ms | server infer ms | server encode ms | client ms | checks |\n' +
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |';
  const lines = rows.map(
    (r) =>
      `| ${r.model} | ${r.format} | ${r.batch} | ${bytesText(r.sentBytes)} | ${bytesText(r.receivedBytes)} | ${fmt(r.imagesPerSec)} | ${fmt(r.spread * 100, 0)}% | ` +
      `${fmt(r.requestsPerSec)} | ${fmt(r.latencyMs, 2)} | ${fmt(r.serverDecodeMs, 2)} | ${fmt(r.serverInferMs, 2)} | ${fmt(r.serverEncodeMs, 2)} | ${fmt(r.clientMs, 2)} | ${fmt(r.checkRate * 100, 1)}% |`,
  );
  return [head, ...lines].join('\n');
}

const rowOf = (rows: SweepRow[], model: string, format: string, batch: number) => rows.find((r) => r.model === model && r.format === format && r.batch === batch);

export interface Crossover {
  model: string;
  format: string;
  /** gRPC images/s over REST JSON's, per batch. */
  ratios: { batch: number; ratio: number }[];
  /** Smallest batch from which this format beats REST JSON at every larger batch measured; null: never. */
  batch: number | null;
  /** The input at that batch: raw float32 bytes. */
  inputBytes: number | null;
}

export function crossovers(rows: SweepRow[]): Crossover[] {
  const models = [...new Set(rows.map((r) => r.model))];
  const out: Crossover[] = [];
  for (const model of models) {
    const batches = [...new Set(rows.filter((r) => r.model === model).map((r) => r.batch))].sort((a, b) => a - b);
    for (const format of GRPC_FORMATS) {
      const ratios = batches.flatMap((batch) => {
        const g = rowOf(rows, model, format, batch);
        const rest = rowOf(rows, model, REST_BASELINE, batch);
        return g && rest ? [{ batch, ratio: g.imagesPerSec / rest.imagesPerSec }] : [];
      });
      if (ratios.length === 0) continue;
      let from: number | null = null;
      for (let i = ratios.length - 1; i >= 0 && ratios[i].ratio > 1; i--) from = ratios[i].batch;
      const values = imageValues(sweepModelNamed(model).shape);
      out.push({ model, format, ratios, batch: from, inputBytes: from === null ? null : from * values * 4 });
    }
  }
  return out;
}

export interface ApiPair {
  model: string;
  batch: number;
  tfserving: string;
  oip: string;
  /** |OIP - TF Serving| / their mean, images/s. */
  difference: number;
  /** The larger of the two cells' run-to-run spreads. */
  spread: number;
  within: boolean;
}

/** Our targets over TF Serving's API and over OIP, same wire weight class: the throughput difference against the spread. */
export function apiPairs(rows: SweepRow[]): ApiPair[] {
  return WIRE_FORMATS.filter((f) => f.sameAs).flatMap((f) =>
    rows
      .filter((r) => r.format === f.label)
      .flatMap((oip) => {
        const tf = rowOf(rows, oip.model, f.sameAs as string, oip.batch);
        if (!tf) return [];
        const difference = Math.abs(oip.imagesPerSec - tf.imagesPerSec) / mean([oip.imagesPerSec, tf.imagesPerSec]);
        const spread = Math.max(oip.spread, tf.spread);
        return [{ model: oip.model, batch: oip.batch, tfserving: tf.format, oip: oip.format, difference, spread, within: difference <= spread }];
      }),
  );
}

export function crossoverText(list: Crossover[]): string {
  return list
    .map((c) => {
      const ratios = c.ratios.map((r) => `batch ${r.batch}: ${fmt(r.ratio, 2)}x`).join(', ');
      const where = c.batch === null ? 'does not beat REST JSON at the largest batch measured' : `beats REST JSON from batch ${c.batch} (input ${bytesText(c.inputBytes ?? NaN)} as float32)`;
      return `- ${c.model}, ${c.format} / ${REST_BASELINE} images/s: ${ratios}; ${where}`;
    })
    .join('\n');
}

export function apiPairsText(pairs: ApiPair[]): string {
  return pairs
    .map((p) => `- ${p.model} batch ${p.batch}: ${p.oip} vs ${p.tfserving}: ${fmt(p.difference * 100, 0)}% apart, spread ${fmt(p.spread * 100, 0)}%: ${p.within ? 'same within the spread' : 'NOT within the spread'}`)
    .join('\n');
}

/** The large-input model's best gRPC ratio against the target, per batch. */
export function targetText(list: Crossover[], model: string): string {
  const mine = list.filter((c) => c.model === model);
  if (mine.length === 0) return `- ${model}: not measured`;
  const batches = mine[0].ratios.map((r) => r.batch);
  return batches
    .map((batch) => {
      const best = Math.max(...mine.map((c) => c.ratios.find((r) => r.batch === batch)?.ratio ?? NaN));
      return `- ${model} batch ${batch}: best gRPC / REST JSON ${fmt(best, 2)}x (target >= ${GRPC_TARGET_RATIO}x): ${best >= GRPC_TARGET_RATIO ? 'met' : 'NOT met'}`;
    })
    .join('\n');
}
