/**
 * Prior correction of a class-balanced probability. A tree trained with balanced class weights scores as
 * if fraud and legitimate orders were equally common, so its "probability" is really the likelihood
 * ratio in probability form: 0.92 means 11.5 times likelier among fraud than among legitimate orders. At
 * a real base rate π the posterior odds are that ratio times π / (1 − π); at π = 2%, a balanced 0.92 is
 * a 19% chance of fraud and 0.995 about 80%.
 */
export function calibrateToBaseRate(balancedProbability: number, baseRate: number): number {
  if (!(baseRate > 0 && baseRate < 1)) throw new Error(`baseRate must be in (0, 1), got ${baseRate}`);
  if (!(balancedProbability >= 0 && balancedProbability <= 1)) {
    throw new Error(`balancedProbability must be in [0, 1], got ${balancedProbability}`);
  }
  const fraud = balancedProbability * baseRate;
  const legit = (1 - balancedProbability) * (1 - baseRate);
  return fraud / (fraud + legit);
}
