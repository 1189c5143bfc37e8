/** Counts and rates of a binary classifier against the truth. */
export interface ClassificationReport {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** TP / (TP + FP); 0 when nothing was flagged. */
  precision: number;
  /** TP / (TP + FN); 0 when there are no positives. */
  recall: number;
}

/** Precision and recall of flagged-versus-actual labels. */
export function classificationReport(
  flagged: readonly boolean[],
  actual: readonly boolean[],
): ClassificationReport {
  requireSameLength(flagged, actual);
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  flagged.forEach((isFlagged, index) => {
    const isPositive = actual[index] as boolean;
    if (isFlagged && isPositive) truePositives++;
    else if (isFlagged) falsePositives++;
    else if (isPositive) falseNegatives++;
  });
  const trueNegatives = flagged.length - truePositives - falsePositives - falseNegatives;
  return {
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
    precision: truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives),
    recall: truePositives + falseNegatives === 0 ? 0 : truePositives / (truePositives + falseNegatives),
  };
}

/**
 * Area under the precision-recall curve as average precision, AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct
 * score thresholds from high to low (the step-wise definition, which, unlike trapezoids, does not reward
 * interpolating between operating points). Samples with equal scores enter together.
 */
export function averagePrecision(scores: readonly number[], actual: readonly boolean[]): number {
  requireSameLength(scores, actual);
  const positives = actual.filter(Boolean).length;
  if (positives === 0) throw new Error('average precision needs at least one positive sample');
  const order = scores.map((_, index) => index).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let truePositives = 0;
  let flagged = 0;
  let previousRecall = 0;
  let area = 0;
  for (let k = 0; k < order.length; k++) {
    const index = order[k] as number;
    flagged++;
    if (actual[index]) truePositives++;
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[index]) continue;
    const recall = truePositives / positives;
    area += (recall - previousRecall) * (truePositives / flagged);
    previousRecall = recall;
  }
  return area;
}

function requireSameLength(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new Error(`expected equally long inputs, got ${a.length} and ${b.length}`);
}
