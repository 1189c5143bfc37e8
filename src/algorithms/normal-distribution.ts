/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Standard normal CDF Φ(x), accurate to a few ulps in both tails: a Taylor series near the centre and a
 * continued fraction for the tail mass, so probabilities like Φ(-8) keep their relative precision instead
 * of vanishing in 0.5 − (something close to 0.5).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  // Beyond |x| = 1 the series would lose digits to cancellation; the continued fraction converges in a
  // few hundred steps there and fewer further out.
  if (x <= -1) return upperTail(-x);
  if (x >= 1) return 1 - upperTail(x);
  // Φ(x) = ½ + φ(x)·Σ x^(2k+1) / (1·3·5···(2k+1)).
  let term = x;
  let series = x;
  for (let k = 1; Math.abs(term) > 1e-17 * Math.abs(series); k++) {
    term *= (x * x) / (2 * k + 1);
    series += term;
  }
  return 0.5 + normalPdf(x) * series;
}

/** Q(x) = 1 − Φ(x) for x ≥ 1 via the Mills-ratio continued fraction, evaluated with the modified Lentz method. */
function upperTail(x: number): number {
  if (x > 40) return 0;
  // Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))).
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 1000; k++) {
    d = x + k * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + k / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const step = c * d;
    f *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return normalPdf(x) / f;
}

/**
 * Standard normal quantile Φ⁻¹(p): Acklam's rational approximation (relative error < 1.2e-9) followed by
 * one Halley step against the accurate CDF above, which brings it to about machine precision.
 */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new Error(`probability must be in [0, 1], got ${p}`);
  }
  // Refine in the lower tail, where Φ has full relative precision; 1 − p is exact for p ≥ ½ (Sterbenz).
  if (p > 0.5) return -inverseNormalCdf(1 - p);
  const x = acklam(p);
  const error = normalCdf(x) - p;
  const u = error * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

// Coefficients of Acklam's approximation (P. J. Acklam, "An algorithm for computing the inverse normal
// cumulative distribution function", 2003).
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const LOW_REGION = 0.02425;

/** Acklam's approximation for p ≤ ½. */
function acklam(p: number): number {
  if (p < LOW_REGION) return tailApproximation(Math.sqrt(-2 * Math.log(p)));
  const q = p - 0.5;
  const r = q * q;
  return (q * polynomial(A, r)) / (r * polynomial(B, r) + 1);
}

function tailApproximation(q: number): number {
  return polynomial(C, q) / (q * polynomial(D, q) + 1);
}

/** Horner evaluation of c[0]·x^(n-1) + … + c[n-1]. */
function polynomial(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((total, coefficient) => total * x + coefficient, 0);
}
