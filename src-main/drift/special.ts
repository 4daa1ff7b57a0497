/**
 * Special functions for p-values: the normal CDF (cephes' ndtr/erf/erfc, the rational approximations
 * scipy uses) and the chi-square survival function through the regularised upper incomplete gamma.
 */

// Coefficients of cephes ndtr.c (Stephen L. Moshier, as distributed with scipy under its BSD licence).
const P = [2.46196981473530512524e-10, 5.64189564831068821977e-1, 7.46321056442269912687e0,
  4.86371970985681366614e1, 1.96520832956077098242e2, 5.26445194995477358631e2,
  9.34528527171957607540e2, 1.02755188689515710272e3, 5.57535335369399327526e2];
const Q = [1.32281951154744992508e1, 8.67072140885989742329e1, 3.54937778887819891062e2,
  9.75708501743205489753e2, 1.82390916687909736289e3, 2.24633760818710981792e3,
  1.65666309194161350182e3, 5.57535340817727675546e2];
const R = [5.64189583547755073984e-1, 1.27536670759978104416e0, 5.01905042251180477414e0,
  6.16021097993053585195e0, 7.40974269950448939160e0, 2.97886665372100240670e0];
const S = [2.26052863220117276590e0, 9.39603524938001434673e0, 1.20489539808096656605e1,
  1.70814450747565897222e1, 9.60896809063285878198e0, 3.36907645100081516050e0];
const T = [9.60497373987051638749e0, 9.00260197203842689217e1, 2.23200534594684319226e3,
  7.00332514112805075473e3, 5.55923013010394962768e4];
const U = [3.35617141647503099647e1, 5.21357949780152679795e2, 4.59432382970980127987e3,
  2.26290000613890934246e4, 4.92673942608635921086e4];
const MAXLOG = 7.09782712893383996843e2;

/** cephes polevl: c[0]·x^N + … + c[N]. */
function polevl(x: number, c: readonly number[]): number {
  let ans = c[0]!;
  for (let i = 1; i < c.length; i++) ans = ans * x + c[i]!;
  return ans;
}

/** cephes p1evl: as polevl with an implied leading coefficient of 1. */
function p1evl(x: number, c: readonly number[]): number {
  let ans = x + c[0]!;
  for (let i = 1; i < c.length; i++) ans = ans * x + c[i]!;
  return ans;
}

/** Error function (cephes). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (Math.abs(x) > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polevl(z, T)) / p1evl(z, U);
}

/** Complementary error function (cephes). */
export function erfc(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = Math.abs(a);
  if (x < 1) return 1 - erf(a);
  let z = -a * a;
  if (z < -MAXLOG) return a < 0 ? 2 : 0;
  z = Math.exp(z);
  let p: number, q: number;
  if (x < 8) {
    p = polevl(x, P);
    q = p1evl(x, Q);
  } else {
    p = polevl(x, R);
    q = p1evl(x, S);
  }
  let y = (z * p) / q;
  if (a < 0) y = 2 - y;
  if (y !== 0) return y;
  return a < 0 ? 2 : 0;
}

/** Standard normal CDF, as scipy.special.ndtr (so `norm.cdf`). */
export function ndtr(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = a * Math.SQRT1_2;
  const z = Math.abs(x);
  if (z < Math.SQRT1_2) return 0.5 + 0.5 * erf(x);
  let y = 0.5 * erfc(z);
  if (x > 0) y = 1 - y;
  return y;
}

// Lanczos approximation (g = 7, n = 9), accurate to about 1e-15 relative.
const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7];

/** log Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const xx = x - 1;
  let a = LANCZOS[0]!;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised lower incomplete gamma P(a, x) by its power series (x < a + 1). */
function gammaPSeries(a: number, x: number): number {
  let sum = 1 / a;
  let del = sum;
  let ap = a;
  for (let n = 0; n < 100000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Regularised upper incomplete gamma Q(a, x) by Lentz's continued fraction (x ≥ a + 1). */
function gammaQContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-17) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a). */
export function gammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 1;
  if (!Number.isFinite(x)) return 0;
  if (x < a + 1) return 1 - gammaPSeries(a, x);
  return gammaQContinuedFraction(a, x);
}

/** Chi-square survival function with `df` degrees of freedom (`chi2.sf`). */
export function chi2Sf(x: number, df: number): number {
  if (!(df > 0)) return NaN;
  if (x <= 0) return 1;
  return gammaQ(df / 2, x / 2);
}
