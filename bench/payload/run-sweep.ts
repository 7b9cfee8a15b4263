/**
 * The sweep: every (model, wire format, batch) cell, round after round (each round passes over
 * every cell, so the rounds are apart in time and their spread is a run-to-run spread), against
 * each model's targets by address.
 */
import { runCell, type CellLoad, type CellResult, type CellTarget } from './run-cell.ts';
import type { SweepModel, WireFormat } from './sweep-plan.ts';

export interface SweepPlan {
  models: { model: SweepModel; target: CellTarget }[];
  formats: readonly WireFormat[];
  batches: number[];
  rounds: number;
  load: CellLoad;
}

export async function runSweep(plan: SweepPlan, onCell: (cell: CellResult) => void = () => {}): Promise<CellResult[]> {
  const cells: CellResult[] = [];
  for (let round = 1; round <= plan.rounds; round++) {
    for (const { model, target } of plan.models) {
      for (const format of plan.formats) {
        for (const batch of plan.batches) {
          const cell = await runCell(target, model, format, batch, round, plan.load);
          cells.push(cell);
          onCell(cell);
        }
      }
    }
  }
  return cells;
}
