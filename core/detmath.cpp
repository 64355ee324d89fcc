// Deterministic elementary functions from + - * /, sqrt and bit manipulation only.
//
// Every function reduces its argument exactly (constants split so that k * hi is exact), evaluates
// a short polynomial on the reduced range, and reassembles with the rounding error of the big
// pieces carried separately, so each result is rounded about once. Polynomial coefficients are
// Taylor coefficients written as constant quotients (the compiler rounds them correctly, the same
// on every target); the reduced ranges are small enough that the truncated series is below 2^-57.
// Integers come from the 1.5*2^52 rounding trick or casts, never from libm.
#include "core/detmath.h"

#include <cstdint>
#include <cstring>

#include "core/simd.h"

namespace lrlab::dm {

namespace {

constexpr double kInf = __builtin_huge_val();
constexpr double kNan = __builtin_nan("");

std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
double from_bits(std::uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}
bool is_nan(double x) {
  return x != x;
}
double abs_of(double x) {
  return from_bits(bits_of(x) & 0x7fffffffffffffffULL);
}

// 2^k for a normal exponent k in [-1022, 1023].
double pow2i(int k) {
  return from_bits(static_cast<std::uint64_t>(k + 1023) << 52);
}

// y * 2^k for k in about [-1100, 1100] with one rounding: the first product is exact.
double scale(double y, int k) {
  if (k > 1023) return (y * pow2i(1023)) * pow2i(k - 1023);
  if (k < -1022) return (y * pow2i(k + 600)) * pow2i(-600);
  return y * pow2i(k);
}

// Nearest integer (ties to even) for |v| < 2^52; larger values are integers already.
double round_nearest(double v) {
  constexpr double kTwo52 = 4503599627370496.0;
  if (!(abs_of(v) < kTwo52)) return v;
  return v >= 0 ? (v + kTwo52) - kTwo52 : (v - kTwo52) + kTwo52;
}

double floor_exact(double v) {
  if (!(abs_of(v) < 4503599627370496.0)) return v;
  const double t = static_cast<double>(static_cast<std::int64_t>(v));
  return t > v ? t - 1 : t;
}

// ---- double-double helpers (exact error terms; -ffp-contract=off keeps them exact) ----

struct DD {
  double hi, lo;
};

DD fast_two_sum(double a, double b) {  // |a| >= |b|
  const double s = a + b;
  return {s, b - (s - a)};
}
DD two_sum(double a, double b) {
  const double s = a + b;
  const double bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}
DD split(double a) {  // Veltkamp: a = hi + lo, each with at most 26 significant bits
  const double c = 134217729.0 * a;
  const double hi = c - (c - a);
  return {hi, a - hi};
}
DD two_prod(double a, double b) {
  const double p = a * b;
  const DD x = split(a), y = split(b);
  return {p, ((x.hi * y.hi - p) + x.hi * y.lo + x.lo * y.hi) + x.lo * y.lo};
}
DD dd_mul(DD a, DD b) {
  DD p = two_prod(a.hi, b.hi);
  p.lo += a.hi * b.lo + a.lo * b.hi;
  return fast_two_sum(p.hi, p.lo);
}
DD dd_add(DD a, DD b) {
  DD s = two_sum(a.hi, b.hi);
  s.lo += a.lo + b.lo;
  return fast_two_sum(s.hi, s.lo);
}

// ---- exp core ----

// 2^(j/32) as hi + lo (hi correctly rounded, lo the rounded remainder).
constexpr DD kExp2Table[32] = {
    {0x1.0000000000000p+0, 0x0.0p+0},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
};
constexpr double kInvLn2x32 = 0x1.71547652b82fep+5;
// ln2/32 split so that n * hi is exact for |n| < 2^16.
constexpr double kLn2d32Hi = 0x1.62e42fefa0000p-6;
constexpr double kLn2d32Lo = 0x1.cf79abc9e3b3ap-45;
// Largest x with a finite exp(x); below kExpMin the result rounds to +0.
constexpr double kExpMax = 0x1.62e42fefa39efp+9;
constexpr double kExpMin = -0x1.74910d52d3052p+9;

// exp(x + tail) = 2^k * (hi + lo), hi + lo in [0.98, 2), the pair accurate to about 2^-59.
// Requires |x| <= 746 and |tail| <= 2^-40 |x| or so.
struct ExpParts {
  double hi, lo;
  int k;
};
ExpParts exp_parts(double x, double tail) {
  const double nd = round_nearest(x * kInvLn2x32);
  const int n = static_cast<int>(nd);
  const double rh = x - nd * kLn2d32Hi;  // exact: nd * hi is exact and close to x
  const double nl = nd * kLn2d32Lo;
  const double r = rh - nl;
  const double c = ((rh - r) - nl) + tail;  // what r misses of x + tail - n*ln2/32
  // |r| <= ln2/64: the degree-6 Taylor polynomial of expm1 is within 2^-58.
  const double p =
      r + r * r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720)))));
  const double q = p + c * (1 + p);  // expm1(r + c)
  const int j = n & 31;
  const DD t = kExp2Table[j];
  return {t.hi, t.lo + t.hi * q, (n - j) / 32};
}

// ---- log core ----

constexpr double kSqrt2 = 0x1.6a09e667f3bcdp+0;
constexpr double kLn2Hi = 0x1.62e42ff000000p-1;  // 29 significant bits: e * hi is exact
constexpr double kLn2Lo = -0x1.718432a1b0e26p-35;
constexpr DD kLn2 = {0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56};

// x = 2^e * (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)); x positive and finite.
void decompose(double x, int& e, double& f) {
  std::uint64_t b = bits_of(x);
  e = 0;
  if (b < 0x0010000000000000ULL) {  // subnormal: make it normal first
    x *= 0x1p54;
    e = -54;
    b = bits_of(x);
  }
  e += static_cast<int>(b >> 52) - 1023;
  double m = from_bits((b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
  if (m > kSqrt2) {
    m *= 0.5;
    e += 1;
  }
  f = m - 1;  // exact (Sterbenz)
}

// e*ln2 + log(1 + f) + c for 1 + f in [sqrt(2)/2, sqrt(2)), c a small correction.
// log(1+f) = 2 atanh(s), s = f/(2+f); and 2s = f - hfsq + s*hfsq, so the rounding error of s is
// multiplied only by the small terms.
double log_reduced(int e, double f, double c) {
  const double s = f / (2 + f);
  const double z = s * s;
  // |s| <= 0.1716, z <= 0.0295: ten terms of 2z/3 + 2z^2/5 + ... leave < 2^-60.
  const double r =
      z * (2.0 / 3 +
           z * (2.0 / 5 +
                z * (2.0 / 7 +
                     z * (2.0 / 9 +
                          z * (2.0 / 11 +
                               z * (2.0 / 13 +
                                    z * (2.0 / 15 +
                                         z * (2.0 / 17 + z * (2.0 / 19 + z * (2.0 / 21))))))))));
  const double hfsq = 0.5 * f * f;
  const double ed = e;
  return ed * kLn2Hi - ((hfsq - (s * (hfsq + r) + (ed * kLn2Lo + c))) - f);
}

// log(x) as a double-double accurate to about 2^-66 relative, for pow. x positive and finite.
DD log_dd(double x) {
  int e;
  double f;
  decompose(x, e, f);
  // s = f / (2 + f) to double-double precision.
  const DD d = fast_two_sum(2.0, f);
  const double sh = f / d.hi;
  const DD p = two_prod(sh, d.hi);
  const double sl = (((f - p.hi) - p.lo) - sh * d.lo) / d.hi;
  const DD s = fast_two_sum(sh, sl);
  // log(1+f) = 2s + 2s^3/3 + s^5 * (2/5 + 2z/7 + ...); the last part is < 2^-13 of the
  // result, so double precision suffices for it.
  const DD z = dd_mul(s, s);
  const DD s3 = dd_mul(s, z);
  const DD t3 = dd_mul(s3, DD{0x1.5555555555555p-1, 0x1.5555555555555p-55});
  const double w = z.hi;
  const double tail =
      s.hi * w * w *
      (2.0 / 5 +
       w * (2.0 / 7 +
            w * (2.0 / 9 +
                 w * (2.0 / 11 +
                      w * (2.0 / 13 +
                           w * (2.0 / 15 +
                                w * (2.0 / 17 +
                                     w * (2.0 / 19 + w * (2.0 / 21 + w * (2.0 / 23))))))))));
  DD l = dd_add(DD{2 * s.hi, 2 * s.lo}, t3);
  l = dd_add(l, DD{tail, 0});
  return dd_add(dd_mul(DD{static_cast<double>(e), 0}, kLn2), l);
}

// ---- sin/cos core ----

constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
// pi/2 in four pieces; the first three have 33 significant bits so k * piece is exact for
// |k| < 2^20 (|x| < 1.6e6); together they carry about 150 bits.
constexpr double kPio2[4] = {0x1.921fb54400000p+0, 0x1.0b4611a600000p-34, 0x1.3198a2e000000p-69,
                             0x1.b839a252049c1p-104};
constexpr double kPio4 = 0x1.921fb54442d18p-1;

struct Reduced {
  double hi, lo;  // x - k*pi/2 as a double-double, |hi| <= pi/4 (about)
  int quadrant;   // k mod 4
};

// Beyond |x| = 1.6e6 the products k * piece stop being exact and accuracy degrades gradually;
// for huge |x| the step is repeated (each pass shrinks the argument to about its ulp) so the
// result stays deterministic and within [-1, 1], though no longer meaningful past about 2^30.
Reduced reduce_pio2(double x) {
  if (abs_of(x) <= kPio4) return {x, 0, 0};
  double hi = x, lo = 0, quadrant = 0;
  for (int pass = 0; pass < 64; ++pass) {
    const double kd = round_nearest(hi * kTwoOverPi);
    const double w = hi - kd * kPio2[0];  // exact for |k| < 2^20
    const DD a = two_sum(w, -(kd * kPio2[1]));
    const DD b = two_sum(a.hi, -(kd * kPio2[2]));
    const DD r = fast_two_sum(b.hi, (a.lo + b.lo + lo) - kd * kPio2[3]);
    hi = r.hi;
    lo = r.lo;
    quadrant += kd - 4 * floor_exact(kd * 0.25);  // k mod 4, exact
    if (abs_of(hi) <= 1) break;  // one pass unless |x| is far beyond the accurate range
  }
  return {hi, lo, static_cast<int>(quadrant) & 3};
}

// sin(h + l) for |h| <= pi/4: Taylor to h^19 (truncation < 2^-60).
double sin_kernel(double h, double l) {
  const double z = h * h;
  const double s =
      z * (-1.0 / 6 +
           z * (1.0 / 120 +
                z * (-1.0 / 5040 + z * (1.0 / 362880 +
                                        z * (-1.0 / 39916800 +
                                             z * (1.0 / 6227020800 +
                                                  z * (-1.0 / 1307674368000 +
                                                       z * (1.0 / 355687428096000 +
                                                            z * (-1.0 / 121645100408832000)))))))));
  return h + (h * s + l * (1 - 0.5 * z));
}

// cos(h + l) for |h| <= pi/4: Taylor to h^20; 1 - z/2 is split so its rounding error is kept.
double cos_kernel(double h, double l) {
  const double z = h * h;
  const double hz = 0.5 * z;
  const double w = 1 - hz;
  const double c =
      z * z *
      (1.0 / 24 +
       z * (-1.0 / 720 +
            z * (1.0 / 40320 +
                 z * (-1.0 / 3628800 +
                      z * (1.0 / 479001600 + z * (-1.0 / 87178291200 +
                                                  z * (1.0 / 20922789888000 +
                                                       z * (-1.0 / 6402373705728000 +
                                                            z * (1.0 / 2432902008176640000)))))))));
  return w + (((1 - w) - hz) + (c - h * l));
}

// ---- pow helpers ----

bool is_integer(double y) {
  return floor_exact(y) == y;
}
bool is_odd_integer(double y) {
  if (!(abs_of(y) < 9007199254740992.0) || !is_integer(y)) return false;  // >= 2^53: even
  return floor_exact(y * 0.5) != y * 0.5;
}

// x^n for |n| <= 64 by repeated squaring in double-double, rounded once at the end (so exact
// whenever the result is representable). Returns false when an intermediate leaves
// [2^-480, 2^480], where the splitting could overflow; the caller then uses exp/log.
bool pow_small_integer(double x, int n, double& out) {
  constexpr double kBig = 0x1p480, kSmall = 0x1p-480;
  unsigned m = n < 0 ? static_cast<unsigned>(-n) : static_cast<unsigned>(n);
  DD acc{1, 0}, base{x, 0};
  if (!(x < kBig && x > kSmall)) return false;
  while (true) {
    if (m & 1u) {
      acc = dd_mul(acc, base);
      if (!(abs_of(acc.hi) < kBig && abs_of(acc.hi) > kSmall)) return false;
    }
    m >>= 1;
    if (m == 0) break;
    base = dd_mul(base, base);
    if (!(base.hi < kBig && base.hi > kSmall)) return false;
  }
  if (n >= 0) {
    out = acc.hi + acc.lo;
    return true;
  }
  const double q = 1 / acc.hi;
  const DD p = two_prod(q, acc.hi);
  const double rem = ((1 - p.hi) - p.lo) - q * acc.lo;
  out = q + rem / acc.hi;
  return true;
}

}  // namespace

double exp(double x) {
  if (is_nan(x)) return x + x;
  if (x > kExpMax) return kInf;
  if (x < kExpMin) return 0;
  const ExpParts e = exp_parts(x, 0);
  return scale(e.hi + e.lo, e.k);
}

double expm1(double x) {
  if (is_nan(x)) return x + x;
  if (x > kExpMax) return kInf;
  if (x < -40) return -1;  // exp(x) < 2^-57: -1 + exp(x) rounds to -1
  const double ax = abs_of(x);
  if (ax < 0x1p-54) return x;
  if (ax < 0.34657359027997264) {  // ln2/2: Taylor to x^13 (truncation < 2^-56 relative)
    return x +
           x * x *
               (1.0 / 2 +
                x * (1.0 / 6 +
                     x * (1.0 / 24 +
                          x * (1.0 / 120 +
                               x * (1.0 / 720 +
                                    x * (1.0 / 5040 +
                                         x * (1.0 / 40320 +
                                              x * (1.0 / 362880 +
                                                   x * (1.0 / 3628800 +
                                                        x * (1.0 / 39916800 +
                                                             x * (1.0 / 479001600 +
                                                                  x * (1.0 / 6227020800))))))))))));
  }
  const ExpParts e = exp_parts(x, 0);
  if (e.k > 56) return scale(e.hi + e.lo, e.k);  // the -1 is below half an ulp
  const double t = pow2i(e.k);
  const DD d = two_sum(t * e.hi, -1.0);  // t * hi and t * lo are exact scalings
  return d.hi + (d.lo + t * e.lo);
}

double log(double x) {
  if (is_nan(x)) return x + x;
  if (x < 0) return kNan;
  if (x == 0) return -kInf;
  if (x == kInf) return x;
  int e;
  double f;
  decompose(x, e, f);
  return log_reduced(e, f, 0);
}

double log1p(double x) {
  if (is_nan(x)) return x + x;
  if (x < -1) return kNan;
  if (x == -1) return -kInf;
  if (x == kInf) return x;
  if (abs_of(x) < 0x1p-54) return x;
  // 1 + x already in the reduced range: use x itself, which is exact.
  if (x >= kSqrt2 / 2 - 1 && x < kSqrt2 - 1) return log_reduced(0, x, 0);
  const double u = 1 + x;
  double c = 0;  // the rounding error of 1 + x, as a relative correction c/u
  if (u < 0x1p53) c = (abs_of(x) >= 1 ? 1 - (u - x) : x - (u - 1)) / u;
  int e;
  double f;
  decompose(u, e, f);
  return log_reduced(e, f, c);
}

namespace {

// 1 / n! for n = 0 .. 13, each a constant quotient (rounded correctly by the compiler).
constexpr double kInverseFactorial[14] = {1.0,
                                          1.0,
                                          1.0 / 2,
                                          1.0 / 6,
                                          1.0 / 24,
                                          1.0 / 120,
                                          1.0 / 720,
                                          1.0 / 5040,
                                          1.0 / 40320,
                                          1.0 / 362880,
                                          1.0 / 3628800,
                                          1.0 / 39916800,
                                          1.0 / 479001600,
                                          1.0 / 6227020800};

// tanh for two lanes at once, and (through lane 0) for one value: the scalar tanh() below is this
// very code, so the activation's SIMD loop and every scalar caller agree bit for bit.
//
// Why this shape: the activation is the hottest code of training (two thirds of an epoch went to
// an earlier tanh with a 32-entry exp table, a gather per lane and two branches' worth of work per
// lane). Here there is no table and no branch: with y = 2|x| clamped to 44,
//   u = expm1(y) = 2^k (1 + p) - 1 = 2^k p + (2^k - 1),   y = k ln2 + r, |r| <= ln2/2,
// p = expm1(r) from its Taylor polynomial of degree 13 (truncation below 2^-56 relative), and
//   tanh|x| = u / (u + 2)      for |x| < 0.55 (no cancellation near 0),
//   tanh|x| = 1 - 2 / (u + 2)  above (t >= 1/2: the subtraction loses nothing),
// one division shared by both (its latency overlaps the next pair's polynomial). At y = 44, 2 / (u
// + 2) < 2^-62, so the clamp saturates to 1 exactly; k <= 64 keeps k * kLn2Hi exact and 2^k a
// normal number. Measured accuracy: within 2 ulp of the correctly rounded result
// (tests/core/detmath_test.cpp).
template <typename V>
inline __attribute__((always_inline)) V tanh_lanes(V x) {
  using simd::bits;
  using simd::from_bits;
  using simd::select;
  using simd::splat;
  using I = typename simd::IntOf<V>::type;
  constexpr double kTwo52 = 4503599627370496.0;
  const I sign_bit = bits(splat<V>(-0.0));
  const I xb = bits(x);
  const V ax = from_bits(xb & ~sign_bit);
  // Written as a ternary so both compilers emit one instruction (SSE2 minpd, wasm f64x2.pmin,
  // whose definitions are exactly this expression). A NaN compares false, stays NaN through
  // everything below and comes out as NaN: no separate NaN case.
  const V limit = splat<V>(22.0);
  const V y = splat<V>(2.0) * (limit < ax ? limit : ax);

  // k = round(y / ln2) by the 2^52 trick (y >= 0), r = y - k ln2 with k * hi exact.
  const V shifted = y * splat<V>(0x1.71547652b82fep+0) + splat<V>(kTwo52);
  const V kd = shifted - splat<V>(kTwo52);
  const I k = bits(shifted) - bits(splat<V>(kTwo52));
  const V r = (y - kd * splat<V>(kLn2Hi)) - kd * splat<V>(kLn2Lo);
  // p = r + r^2 q(r), q(r) = 1/2! + r/3! + ... + r^11/13!, by Estrin's scheme: pairs, then pairs
  // of pairs, so the dependency chain is 4 multiply-adds long instead of Horner's 11. The chain's
  // latency, not the operation count, is what bounded this loop (measured: 49% of an epoch).
  const V r2 = r * r;
  const V r4 = r2 * r2;
  const V r8 = r4 * r4;
  V pair[6];
  for (int i = 0; i < 6; ++i)
    pair[i] = splat<V>(kInverseFactorial[2 + 2 * i]) + r * splat<V>(kInverseFactorial[3 + 2 * i]);
  const V quad0 = pair[0] + r2 * pair[1];
  const V quad1 = pair[2] + r2 * pair[3];
  const V quad2 = pair[4] + r2 * pair[5];
  const V q = (quad0 + r4 * quad1) + r8 * quad2;
  const V p = r + r2 * q;
  const V two_k = from_bits((k + 1023) << 52);
  const V u = two_k * p + (two_k - splat<V>(1.0));

  const I large = static_cast<I>(ax >= splat<V>(0.55));
  const V quotient = select(large, splat<V>(2.0), u) / (u + splat<V>(2.0));
  const V t = select(large, splat<V>(1.0) - quotient, quotient);
  // t >= 0 here, so setting x's sign bit is x < 0 ? -t : t (and keeps tanh(-0) = -0).
  return from_bits(bits(t) | (xb & sign_bit));
}

}  // namespace

double tanh(double x) {
  return tanh_lanes(simd::splat<simd::V2>(x))[0];
}

void tanh_array(double* values, long count) {
  long i = 0;
  for (; i + 2 <= count; i += 2)
    simd::store(values + i, tanh_lanes(simd::load<simd::V2>(values + i)));
  for (; i < count; ++i) values[i] = tanh(values[i]);
}

double sigmoid(double x) {
  if (is_nan(x)) return x + x;
  if (x >= 0) return 1 / (1 + exp(-x));
  const double e = exp(x);
  return e / (1 + e);
}

double sin(double x) {
  if (is_nan(x) || abs_of(x) == kInf) return kNan;
  if (abs_of(x) < 0x1p-26) return x;
  const Reduced r = reduce_pio2(x);
  switch (r.quadrant) {
    case 0:
      return sin_kernel(r.hi, r.lo);
    case 1:
      return cos_kernel(r.hi, r.lo);
    case 2:
      return -sin_kernel(r.hi, r.lo);
    default:
      return -cos_kernel(r.hi, r.lo);
  }
}

double cos(double x) {
  if (is_nan(x) || abs_of(x) == kInf) return kNan;
  if (abs_of(x) < 0x1p-27) return 1;
  const Reduced r = reduce_pio2(x);
  switch (r.quadrant) {
    case 0:
      return cos_kernel(r.hi, r.lo);
    case 1:
      return -sin_kernel(r.hi, r.lo);
    case 2:
      return -cos_kernel(r.hi, r.lo);
    default:
      return sin_kernel(r.hi, r.lo);
  }
}

double pow(double x, double y) {
  // C99 Annex F special cases.
  if (y == 0 || x == 1) return 1;
  if (is_nan(x) || is_nan(y)) return x + y;
  const double ax = abs_of(x), ay = abs_of(y);
  if (ay == kInf) {
    if (ax == 1) return 1;
    return (ax < 1) == (y < 0) ? kInf : 0;
  }
  const bool odd = is_odd_integer(y);
  if (x == 0) {
    if (y < 0) return odd ? (bits_of(x) >> 63 ? -kInf : kInf) : kInf;
    return odd ? x : 0;
  }
  if (ax == kInf) {
    const double r = y > 0 ? kInf : 0;
    return x < 0 && odd ? -r : r;
  }
  if (x < 0 && !is_integer(y)) return kNan;
  const double sign = x < 0 && odd ? -1 : 1;
  if (ay <= 64 && is_integer(y)) {
    double r;
    if (pow_small_integer(ax, static_cast<int>(y), r)) return sign * r;
  }
  // |y| > 2^64 with ax != 1 means |y * log(ax)| > 2^10: certain overflow or underflow.
  if (ay > 0x1p64) return (ax > 1) == (y > 0) ? sign * kInf : sign * 0.0;
  const DD l = dd_mul(DD{y, 0}, log_dd(ax));
  if (l.hi > kExpMax + 1) return sign * kInf;
  if (l.hi < kExpMin - 1) return sign * 0.0;
  const ExpParts e = exp_parts(l.hi, l.lo);
  return sign * scale(e.hi + e.lo, e.k);
}

}  // namespace lrlab::dm
