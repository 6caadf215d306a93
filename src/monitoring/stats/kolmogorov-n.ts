/**
 * The one-sample Kolmogorov–Smirnov distribution for a finite sample size n: the survival function
 * P(D_n >= x) of the two-sided statistic (SciPy's `kstwo.sf(x, n)`) and P(D+_n >= x) of the one-sided
 * one (SciPy's `special.smirnov(n, x)`). `ks_2samp` uses the first, at n = round(n1·n2/(n1+n2)), for
 * its asymptotic p-value, so this file follows the regions of Simard & L'Ecuyer (2011) as SciPy does:
 *
 * - t = n·x <= 1 or t >= n - 1: Ruben–Gambino's closed forms;
 * - x >= 0.5, or n > 140 and n·x² >= 2.2, or n <= 140 and n·x² > 4: P(D_n >= x) = 2·P(D+_n >= x)
 *   (exact for x >= 0.5, Miller's approximation below);
 * - otherwise 1 - P(D_n < x): Durbin's matrix (Marsaglia, Tsang & Wang 2003) where it is exact and
 *   cheap (n <= 140, or n·x^1.5 <= 1.4 for n <= 100 000), else Pelz & Good's (1976) asymptotic series.
 *   (SciPy uses Pomeranz' recursion for n <= 140 and 0.754693 < n·x² <= 4; both are exact, here
 *   Durbin's matrix serves both.)
 *
 * P(D+_n >= x) is Birnbaum & Tingey's (1951) sum, every term positive:
 *   P(D+_n >= x) = x · Σ_{j=0}^{⌊n(1-x)⌋} C(n, j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1),
 * summed in logarithms (no overflow, no cancellation); for n > 10^6, exp(-(6nx+1)² / (18n)).
 */

const MIN_LOG = -708.3964185322641;

/** ln(n!/n^n) by Stirling's series with n·ln n taken out up front (no cancellation). */
function logFactorialOverPower(n: number): number {
  // B_2k / (2k (2k - 1)) for k = 8 .. 1 (Bernoulli numbers), highest power first.
  const coeffs = [-3617 / 122400, 1 / 156, -691 / 360360, 1 / 1188, -1 / 1680, 1 / 1260, -1 / 360, 1 / 12];
  const rn = 1 / n;
  let poly = 0;
  for (const c of coeffs) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * poly;
}

/** P(D+_n >= x), the one-sided statistic's survival function (SciPy's `smirnov(n, x)`). */
export function smirnovSurvival(n: number, x: number): number {
  if (!(n >= 1 && Number.isInteger(n)) || !(x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  if (nx <= 1) return 1 - x * Math.pow(1 + x, n - 1);
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (Math.floor(nx) >= n - 1) return Math.pow(1 - x, n);
  if (n > 1_000_000) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  const last = n - Math.floor(nx) - 1;
  const logs: number[] = [];
  let logC = 0;
  let max = -Infinity;
  for (let j = 0; j <= last; j++) {
    if (j > 0) logC += Math.log((n - j + 1) / j);
    const low = x + j / n;
    const high = 1 - low;
    if (!(high > 0)) break;
    const logHigh = high > 0.5 ? Math.log1p(-low) : Math.log(high);
    const lt = logC + (n - j) * logHigh + (j - 1) * Math.log(low);
    logs.push(lt);
    if (lt > max) max = lt;
  }
  let sum = 0;
  for (const lt of logs) sum += Math.exp(lt - max);
  return Math.min(1, Math.max(0, x * Math.exp(max) * sum));
}

/** P(D_n <= x) by Durbin's matrix method (Marsaglia, Tsang & Wang 2003), with scaling. */
function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  type Matrix = Float64Array[];
  const H: Matrix = Array.from({ length: m }, () => new Float64Array(m));
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - Math.pow(h, j)) * fac;
  }
  const tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
  v[m - 1] = (1 + tt) * fac;
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) (H[r] as Float64Array)[i] = w[r - i + 1] as number;
  for (let r = 0; r < m; r++) (H[r] as Float64Array)[0] = v[r] as number;
  for (let c = 0; c < m; c++) (H[m - 1] as Float64Array)[c] = v[m - 1 - c] as number;
  const mul = (A: Matrix, B: Matrix): Matrix => {
    const out: Matrix = Array.from({ length: m }, () => new Float64Array(m));
    for (let i = 0; i < m; i++) {
      const Ai = A[i] as Float64Array;
      const Oi = out[i] as Float64Array;
      for (let l = 0; l < m; l++) {
        const a = Ai[l] as number;
        if (a === 0) continue;
        const Bl = B[l] as Float64Array;
        for (let j = 0; j < m; j++) Oi[j] = (Oi[j] as number) + a * (Bl[j] as number);
      }
    }
    return out;
  };
  const E = 2 ** 128;
  let P: Matrix = Array.from({ length: m }, (_, i) => {
    const row = new Float64Array(m);
    row[i] = 1;
    return row;
  });
  let Hp = H;
  let nn = n;
  let expnt = 0;
  let hExpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      P = mul(P, Hp);
      expnt += hExpnt;
    }
    Hp = mul(Hp, Hp);
    hExpnt *= 2;
    if (Math.abs((Hp[k - 1] as Float64Array)[k - 1] as number) > E) {
      for (const row of Hp) for (let j = 0; j < m; j++) row[j] = (row[j] as number) / E;
      hExpnt += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = (P[k - 1] as Float64Array)[k - 1] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < 1 / E) {
      p *= E;
      expnt -= 128;
    }
  }
  return p * Math.pow(2, expnt);
}

/** P(D_n <= x) by Pelz & Good's asymptotic series (four terms in 1/√n). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const pi2 = Math.PI * Math.PI;
  const pi4 = pi2 * pi2;
  const pi6 = pi4 * pi2;
  const qlog = -pi2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = pi2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * pi2) / 4;
  const k2c = (pi4 * (1 - 2 * z2)) / 16;
  const k3d = (pi6 * (5 - 30 * z2)) / 64;
  const k3c = (pi4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (pi2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const mm = 2 * k - 1;
    const m2 = mm * mm;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qpower = Math.pow(q, 8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = (K[i] as number) * qpower + (coeffs[i] as number);
  }
  const sqrt2pi = Math.sqrt(2 * Math.PI);
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = ((K[i] as number) * q * sqrt2pi) / (div[i] as number);
  q = Math.exp(-pi2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k > 0; k--) {
    const ks2 = k * k;
    const qp = Math.pow(q, ks2);
    k2extra += ks2 * qp;
    k3extra += (sqrt3z + Math.PI * k) * (sqrt3z - Math.PI * k) * ks2 * qp;
  }
  K[2] = (K[2] as number) + k2extra * ((pi2 * sqrt2pi) / (-36 * z * z2));
  K[3] = (K[3] as number) + k3extra * ((pi2 * sqrt2pi) / (216 * z6));
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += (K[i] as number) / Math.pow(n, i / 2);
  return sum;
}

const clip = (p: number) => Math.min(1, Math.max(0, p));

/** P(D_n >= x) for the two-sided one-sample KS statistic with n values (SciPy's `kstwo.sf(x, n)`). */
export function kolmogorovNSurvival(n: number, x: number): number {
  if (!(n >= 1 && Number.isInteger(n)) || Number.isNaN(x)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    return clip(1 - prob);
  }
  if (t >= n - 1) return clip(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip(2 * smirnovSurvival(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 4) return clip(1 - durbinCdf(n, x));
    return clip(2 * smirnovSurvival(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSurvival(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinCdf(n, x) : pelzGoodCdf(n, x);
  return clip(1 - cdf);
}
