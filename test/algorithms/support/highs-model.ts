import type { Highs, ModelData } from 'highs';

/** One column of a model: its objective cost, bounds, whether it is integer, and its (row, coefficient) entries. */
export interface ModelColumn {
  cost: number;
  lower: number;
  upper: number;
  integer: boolean;
  entries: readonly (readonly [row: number, coefficient: number])[];
}

/** A linear (or mixed-integer) model built column by column, rows as lower/upper bounds on Σ a·x. */
export interface ColumnModel {
  columns: ModelColumn[];
  rowLower: number[];
  rowUpper: number[];
  offset?: number;
}

/** HiGHS's verdict on a structured model: the optimal objective and column values, or another status. */
export type HighsModelOutcome =
  | { status: 'optimal'; objective: number; values: Float64Array; rowDuals: Float64Array }
  | { status: 'infeasible' };

/** Adds a row with the given bounds and returns its index. */
export function addRow(model: ColumnModel, lower: number, upper: number): number {
  model.rowLower.push(lower);
  model.rowUpper.push(upper);
  return model.rowLower.length - 1;
}

/** The model as HiGHS's structured input (compressed sparse columns), no LP text involved. */
export function toModelData(highs: Highs, { columns, rowLower, rowUpper, offset }: ColumnModel): ModelData {
  const starts = new Int32Array(columns.length + 1);
  const nonZeros = columns.reduce((total, column) => total + column.entries.length, 0);
  const indices = new Int32Array(nonZeros);
  const values = new Float64Array(nonZeros);
  let at = 0;
  columns.forEach((column, j) => {
    for (const [row, coefficient] of column.entries) {
      indices[at] = row;
      values[at++] = coefficient;
    }
    starts[j + 1] = at;
  });
  const anyInteger = columns.some((column) => column.integer);
  return {
    numCols: columns.length,
    numRows: rowLower.length,
    offset: offset ?? 0,
    colCost: Float64Array.from(columns, (column) => column.cost),
    colLower: Float64Array.from(columns, (column) => column.lower),
    colUpper: Float64Array.from(columns, (column) => column.upper),
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    matrix: { format: 'csc', numRows: rowLower.length, numCols: columns.length, starts, indices, values },
    ...(anyInteger
      ? {
          integrality: Int32Array.from(columns, (column) =>
            column.integer ? highs.constants.variableType.integer : highs.constants.variableType.continuous,
          ),
        }
      : {}),
  };
}

/** Options for an exact comparison: silent, and a MIP proven optimal to a gap of zero. */
export const EXACT_OPTIONS = { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9 } as const;

/**
 * Passes already-built model data to HiGHS and solves it. Building the data is kept outside so a benchmark
 * can time the solve alone; `presolve` is 'on' or 'off'.
 */
export function solveModelData(
  highs: Highs,
  data: ModelData,
  presolve: 'on' | 'off',
  options: Record<string, number | string | boolean> = {},
): HighsModelOutcome {
  const model = highs.createModel(data);
  try {
    model.options.set({ ...EXACT_OPTIONS, presolve, ...options });
    model.run();
    const status = model.getModelStatus();
    if (status === 8) return { status: 'infeasible' };
    if (status !== 7) throw new Error(`HiGHS ended with model status ${status}`);
    const solution = model.getSolution();
    return {
      status: 'optimal',
      objective: model.getObjectiveValue(),
      values: solution.colValue,
      rowDuals: solution.rowDual,
    };
  } finally {
    model.dispose();
  }
}
