/**
 * McNemar's exact test for two classifiers scored on the same rows (a paired comparison).
 *
 * Only the discordant rows carry information: `b` rows the first model got right and the second got
 * wrong, `c` rows the other way round. If both models were equally accurate, each discordant row would
 * be a fair coin, so b ~ Binomial(n = b + c, 1/2). The one-sided p-value for "the first model is
 * better" is the upper tail
 *
 *   p = P(X >= b) = sum_{i=b}^{n} C(n, i) / 2^n,
 *
 * as SciPy's `binomtest(b, n, 0.5, alternative='greater').pvalue`. Summed in log space, so n may be
 * many thousands without overflow. With no discordant row there is no evidence either way: p = 1.
 */

/** The result of the paired test. */
export interface McNemarResult {
  /** Rows only the first model got right. */
  b: number;
  /** Rows only the second model got right. */
  c: number;
  /** One-sided p-value of "the first model is more accurate". */
  pValue: number;
}

function logChoose(n: number, k: number, logFact: Float64Array): number {
  return (logFact[n] as number) - (logFact[k] as number) - (logFact[n - k] as number);
}

/** One-sided exact McNemar test (upper binomial tail of `b` among `b + c` discordant rows). */
export function mcnemarExact(b: number, c: number): McNemarResult {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) throw new RangeError(`mcnemarExact needs two whole counts >= 0, got b = ${b}, c = ${c}`);
  const n = b + c;
  if (n === 0) return { b, c, pValue: 1 };
  const logFact = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++) logFact[i] = (logFact[i - 1] as number) + Math.log(i);
  const logHalfN = n * Math.log(0.5);
  // Log-sum-exp over the tail terms, largest first for accuracy.
  const terms: number[] = [];
  for (let i = b; i <= n; i++) terms.push(logChoose(n, i, logFact) + logHalfN);
  const top = Math.max(...terms);
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - top);
  return { b, c, pValue: Math.min(1, Math.exp(top) * sum) };
}
