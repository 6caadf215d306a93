/**
 * Special functions behind the p-values of the drift tests, implemented from their textbook series.
 *
 * - `logGamma`: Lanczos' approximation (g = 7, nine coefficients), accurate to about 1e-15 for x > 0;
 *   for x < 0.5 the reflection formula Γ(x)Γ(1-x) = π / sin(πx) is used.
 * - `regularizedGammaP/Q`: P(a, x) = γ(a, x) / Γ(a) and Q = 1 - P. For x < a + 1 the power series
 *   γ(a, x) = x^a e^-x Σ_{n≥0} x^n / (a (a+1) ... (a+n)) converges fast; otherwise the continued fraction
 *   Γ(a, x) = e^-x x^a · 1/(x+1-a- 1·(1-a)/(x+3-a- 2·(2-a)/(x+5-a- ...))) does, evaluated with the
 *   modified Lentz method. The chi-square survival function with k degrees of freedom is Q(k/2, x/2).
 * - `kolmogorovSurvival`: Q_KS(λ) = P(K > λ) for the Kolmogorov distribution,
 *   Q_KS(λ) = 2 Σ_{k≥1} (-1)^{k-1} e^{-2k²λ²}; for small λ that alternating series converges slowly, so
 *   there we use the equivalent theta-function form P(K ≤ λ) = (√(2π)/λ) Σ_{k≥1} e^{-(2k-1)²π²/(8λ²)}.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPS = 1e-15;
const MAX_ITER = 10_000;

function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

function gammaContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularized lower incomplete gamma P(a, x), a > 0, x >= 0. */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGammaP needs a > 0 and x >= 0, got a=${a}, x=${x}`);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x). */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGammaQ needs a > 0 and x >= 0, got a=${a}, x=${x}`);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** P(χ²_k > x): the chi-square survival function (the p-value of a statistic x with k degrees of freedom). */
export function chiSquareSurvival(x: number, k: number): number {
  if (!(k > 0)) throw new RangeError(`degrees of freedom must be > 0, got ${k}`);
  if (!(x >= 0)) throw new RangeError(`chi-square statistic must be >= 0, got ${x}`);
  return Math.min(1, Math.max(0, regularizedGammaQ(k / 2, x / 2)));
}

/** P(K > λ) for the Kolmogorov distribution (the limit law of √n·D_n). */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda >= 0)) throw new RangeError(`lambda must be >= 0, got ${lambda}`);
  if (lambda === 0) return 1;
  if (lambda < 1.18) {
    const w = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let k = 1; k <= 20; k++) {
      const j = 2 * k - 1;
      const term = Math.exp(-j * j * w);
      sum += term;
      if (term < 1e-17) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
