#include "core/detmath.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>

// Accuracy is measured in ulps against two references: the x87 long double functions of the C
// library (64-bit significand, so their value rounded to double is the correctly rounded result
// except in rare near-halfway cases) and the platform's double std:: functions.

namespace {

namespace dm = lrlab::dm;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Distance in units in the last place: doubles mapped to a monotonic integer line.
std::int64_t ordered(double x) {
  std::int64_t i;
  std::memcpy(&i, &x, sizeof i);
  return i < 0 ? std::numeric_limits<std::int64_t>::min() - i : i;
}
std::uint64_t ulp_distance(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return 0;
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<std::uint64_t>::max();
  if (a == b) return 0;  // also +0 == -0
  const std::int64_t ia = ordered(a), ib = ordered(b);
  return ia > ib ? static_cast<std::uint64_t>(ia - ib) : static_cast<std::uint64_t>(ib - ia);
}

struct Sweep {
  std::uint64_t max_vs_exact = 0;
  std::uint64_t max_vs_std = 0;
  double worst_input = 0;
};

// Runs f over `n` inputs from `draw`, comparing with the long double and the double reference.
Sweep sweep(const std::function<double(double)>& f,
            const std::function<long double(long double)>& exact,
            const std::function<double(double)>& std_version,
            const std::function<double(std::mt19937_64&)>& draw, int n, std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  Sweep s;
  for (int i = 0; i < n; ++i) {
    const double x = draw(gen);
    const double got = f(x);
    const double want = static_cast<double>(exact(x));
    const std::uint64_t d = ulp_distance(got, want);
    if (d > s.max_vs_exact) {
      s.max_vs_exact = d;
      s.worst_input = x;
    }
    const std::uint64_t ds = ulp_distance(got, std_version(x));
    if (ds > s.max_vs_std) s.max_vs_std = ds;
  }
  return s;
}

std::function<double(std::mt19937_64&)> uniform(double lo, double hi) {
  return [lo, hi](std::mt19937_64& g) {
    return lo + (hi - lo) * (static_cast<double>(g() >> 11) * 0x1p-53);
  };
}
// Sign * 2^u with u uniform in [lo_exp, hi_exp]: covers many binades evenly.
std::function<double(std::mt19937_64&)> log_uniform(double lo_exp, double hi_exp, bool signed_) {
  return [=](std::mt19937_64& g) {
    const double u = lo_exp + (hi_exp - lo_exp) * (static_cast<double>(g() >> 11) * 0x1p-53);
    const double v = std::exp2(u);
    return signed_ && (g() & 1) ? -v : v;
  };
}

constexpr int kN = 200000;

void expect_within(const Sweep& s, std::uint64_t exact_ulps, std::uint64_t std_ulps,
                   const std::string& what) {
  EXPECT_LE(s.max_vs_exact, exact_ulps) << what << " worst input " << s.worst_input;
  EXPECT_LE(s.max_vs_std, std_ulps) << what;
}

TEST(DetMath, ExpAccuracy) {
  auto f = [](double x) { return dm::exp(x); };
  auto e = [](long double x) { return std::exp(x); };
  auto s = [](double x) { return std::exp(x); };
  expect_within(sweep(f, e, s, uniform(-745, 709.78), kN, 1), 1, 2, "exp wide");
  expect_within(sweep(f, e, s, uniform(-2, 2), kN, 2), 1, 2, "exp near 0");
  expect_within(sweep(f, e, s, log_uniform(-60, 2, true), kN, 3), 1, 2, "exp tiny");
}

TEST(DetMath, Expm1Accuracy) {
  auto f = [](double x) { return dm::expm1(x); };
  auto e = [](long double x) { return std::expm1(x); };
  auto s = [](double x) { return std::expm1(x); };
  expect_within(sweep(f, e, s, uniform(-45, 709.78), kN, 4), 1, 2, "expm1 wide");
  expect_within(sweep(f, e, s, uniform(-1.5, 1.5), kN, 5), 1, 2, "expm1 near 0");
  expect_within(sweep(f, e, s, log_uniform(-70, 1, true), kN, 6), 1, 2, "expm1 tiny");
}

TEST(DetMath, LogAccuracy) {
  auto f = [](double x) { return dm::log(x); };
  auto e = [](long double x) { return std::log(x); };
  auto s = [](double x) { return std::log(x); };
  expect_within(sweep(f, e, s, log_uniform(-1074, 1023.9, false), kN, 7), 1, 2, "log wide");
  expect_within(sweep(f, e, s, uniform(0.5, 2), kN, 8), 1, 2, "log near 1");
}

TEST(DetMath, Log1pAccuracy) {
  auto f = [](double x) { return dm::log1p(x); };
  auto e = [](long double x) { return std::log1p(x); };
  auto s = [](double x) { return std::log1p(x); };
  expect_within(sweep(f, e, s, uniform(-1, 3), kN, 9), 1, 2, "log1p near 0");
  expect_within(sweep(f, e, s, log_uniform(-70, 0, true), kN, 10), 1, 2, "log1p tiny");
  expect_within(sweep(f, e, s, log_uniform(0, 1000, false), kN, 11), 1, 2, "log1p large");
}

TEST(DetMath, TanhAccuracy) {
  auto f = [](double x) { return dm::tanh(x); };
  auto e = [](long double x) { return std::tanh(x); };
  auto s = [](double x) { return std::tanh(x); };
  expect_within(sweep(f, e, s, uniform(-25, 25), kN, 12), 2, 3, "tanh wide");
  expect_within(sweep(f, e, s, uniform(-1.2, 1.2), kN, 13), 2, 3, "tanh near 0");
  expect_within(sweep(f, e, s, log_uniform(-40, 0, true), kN, 14), 2, 3, "tanh tiny");
}

TEST(DetMath, SigmoidAccuracy) {
  auto f = [](double x) { return dm::sigmoid(x); };
  auto e = [](long double x) { return 1 / (1 + std::exp(-x)); };
  auto s = [](double x) {  // the stable form, so huge negative x gives a subnormal, not 0
    return x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x));
  };
  expect_within(sweep(f, e, s, uniform(-60, 60), kN, 15), 2, 3, "sigmoid");
  expect_within(sweep(f, e, s, uniform(-800, 800), kN, 16), 2, 3, "sigmoid wide");
}

TEST(DetMath, SinCosAccuracy) {
  auto fs = [](double x) { return dm::sin(x); };
  auto es = [](long double x) { return std::sin(x); };
  auto ss = [](double x) { return std::sin(x); };
  auto fc = [](double x) { return dm::cos(x); };
  auto ec = [](long double x) { return std::cos(x); };
  auto sc = [](double x) { return std::cos(x); };
  expect_within(sweep(fs, es, ss, uniform(-10, 10), kN, 17), 1, 2, "sin small");
  expect_within(sweep(fc, ec, sc, uniform(-10, 10), kN, 18), 1, 2, "cos small");
  expect_within(sweep(fs, es, ss, uniform(-1e5, 1e5), kN, 19), 1, 2, "sin 1e5");
  expect_within(sweep(fc, ec, sc, uniform(-1e5, 1e5), kN, 20), 1, 2, "cos 1e5");
  expect_within(sweep(fs, es, ss, log_uniform(-60, 0, true), kN, 21), 1, 2, "sin tiny");
}

TEST(DetMath, SinCosNearMultiplesOfHalfPi) {
  // Where the reduced argument nearly cancels, relative accuracy needs the long pi/2.
  std::uint64_t worst = 0;
  for (int k = 1; k < 60000; k += 7) {
    const double x = static_cast<double>(k * 1.5707963267948966192313216916397514L);
    for (double y : {x, std::nextafter(x, 0.0), std::nextafter(x, 1e9)}) {
      worst =
          std::max(worst, ulp_distance(dm::sin(y), static_cast<double>(std::sin((long double)y))));
      worst =
          std::max(worst, ulp_distance(dm::cos(y), static_cast<double>(std::cos((long double)y))));
    }
  }
  EXPECT_LE(worst, 1u);
}

TEST(DetMath, PowAccuracy) {
  std::mt19937_64 gen(22);
  auto unit = [&gen] { return static_cast<double>(gen() >> 11) * 0x1p-53; };
  std::uint64_t worst_exact = 0, worst_std = 0;
  for (int i = 0; i < kN; ++i) {
    const double x = std::exp2(-20 + 40 * unit());
    const double y = -60 + 120 * unit();
    const double got = dm::pow(x, y);
    worst_exact =
        std::max(worst_exact,
                 ulp_distance(got, static_cast<double>(std::pow((long double)x, (long double)y))));
    worst_std = std::max(worst_std, ulp_distance(got, std::pow(x, y)));
  }
  EXPECT_LE(worst_exact, 1u);
  EXPECT_LE(worst_std, 2u);
  // Bases near 1 with large exponents (beta^t in Adam-like rules, gamma^s in schedules).
  worst_exact = 0;
  for (int i = 0; i < kN; ++i) {
    const double x = 0.9 + 0.0999 * unit();
    const double y = 1 + std::floor(100000 * unit()) + (i % 2 ? 0.5 : 0.0);
    const double got = dm::pow(x, y);
    worst_exact =
        std::max(worst_exact,
                 ulp_distance(got, static_cast<double>(std::pow((long double)x, (long double)y))));
  }
  EXPECT_LE(worst_exact, 1u);
}

TEST(DetMath, PowIntegerExponentsAreExactWhenRepresentable) {
  // Expected values built by exact integer multiplication.
  for (int base = -9; base <= 9; ++base) {
    long long p = 1;
    for (int n = 0; n <= 15; ++n) {
      EXPECT_EQ(dm::pow(base, n), static_cast<double>(p)) << base << "^" << n;
      p *= base;
    }
  }
  EXPECT_EQ(dm::pow(2, -3), 0.125);
  EXPECT_EQ(dm::pow(-2, -3), -0.125);
  EXPECT_EQ(dm::pow(0.5, 10), 1.0 / 1024);
  EXPECT_EQ(dm::pow(10, 22), 1e22);  // 10^22 is exactly representable
  EXPECT_EQ(dm::pow(0.1, 2),
            0.010000000000000002);  // the correctly rounded 0.1 * 0.1 (x is 0.1 rounded)
  EXPECT_EQ(dm::pow(3.0, 40), static_cast<double>(12157665459056928801.0L));
  EXPECT_EQ(dm::pow(2, 1023), std::ldexp(1.0, 1023));
  EXPECT_EQ(dm::pow(2, -1074), std::ldexp(1.0, -1074));
  EXPECT_EQ(dm::pow(2, 1024), kInf);
  EXPECT_EQ(dm::pow(2, -1080), 0.0);
}

TEST(DetMath, SpecialValues) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // exp / expm1
  EXPECT_EQ(dm::exp(0), 1.0);
  EXPECT_EQ(dm::exp(kInf), kInf);
  EXPECT_EQ(dm::exp(-kInf), 0.0);
  EXPECT_EQ(dm::exp(710), kInf);
  EXPECT_EQ(dm::exp(-746), 0.0);
  EXPECT_TRUE(std::isnan(dm::exp(nan)));
  EXPECT_EQ(dm::exp(709.78), std::exp(709.78));
  EXPECT_EQ(dm::exp(-745.0), std::ldexp(1.0, -1074));  // the smallest subnormal
  EXPECT_EQ(dm::expm1(-kInf), -1.0);
  EXPECT_EQ(dm::expm1(kInf), kInf);
  EXPECT_TRUE(std::signbit(dm::expm1(-0.0)));
  EXPECT_EQ(dm::expm1(1e-300), 1e-300);
  // log / log1p
  EXPECT_EQ(dm::log(1), 0.0);
  EXPECT_EQ(dm::log(0), -kInf);
  EXPECT_EQ(dm::log(-0.0), -kInf);
  EXPECT_TRUE(std::isnan(dm::log(-1)));
  EXPECT_TRUE(std::isnan(dm::log(nan)));
  EXPECT_EQ(dm::log(kInf), kInf);
  EXPECT_EQ(dm::log(std::ldexp(1.0, -1074)),
            static_cast<double>(-1074 * 0.6931471805599453094172321L));
  EXPECT_EQ(dm::log1p(-1), -kInf);
  EXPECT_TRUE(std::isnan(dm::log1p(-1.5)));
  EXPECT_EQ(dm::log1p(kInf), kInf);
  EXPECT_EQ(dm::log1p(1e-300), 1e-300);
  EXPECT_TRUE(std::signbit(dm::log1p(-0.0)));
  // tanh / sigmoid: saturation, odd symmetry
  EXPECT_EQ(dm::tanh(kInf), 1.0);
  EXPECT_EQ(dm::tanh(-kInf), -1.0);
  EXPECT_EQ(dm::tanh(30), 1.0);
  EXPECT_EQ(dm::tanh(-800), -1.0);
  EXPECT_TRUE(std::signbit(dm::tanh(-0.0)));
  EXPECT_TRUE(std::isnan(dm::tanh(nan)));
  for (double x : {0.001, 0.3, 0.55, 0.7, 3.0, 19.0}) EXPECT_EQ(dm::tanh(-x), -dm::tanh(x));
  EXPECT_EQ(dm::sigmoid(0), 0.5);
  EXPECT_EQ(dm::sigmoid(800), 1.0);
  EXPECT_EQ(dm::sigmoid(-800), 0.0);
  EXPECT_EQ(dm::sigmoid(kInf), 1.0);
  EXPECT_EQ(dm::sigmoid(-kInf), 0.0);
  EXPECT_GT(dm::sigmoid(-700), 0.0);  // exp(-700) ~ 1e-304, still normal: no early flush
  // sin / cos
  EXPECT_TRUE(std::isnan(dm::sin(kInf)));
  EXPECT_TRUE(std::isnan(dm::cos(-kInf)));
  EXPECT_TRUE(std::isnan(dm::sin(nan)));
  EXPECT_TRUE(std::signbit(dm::sin(-0.0)));
  EXPECT_EQ(dm::cos(0), 1.0);
  for (double x : {1e6, 1e9, 1e15, 1e300}) {  // beyond the accurate range: bounded and finite
    EXPECT_LE(std::fabs(dm::sin(x)), 1.0);
    EXPECT_LE(std::fabs(dm::cos(x)), 1.0);
  }
  // pow (C99 Annex F)
  EXPECT_EQ(dm::pow(nan, 0), 1.0);
  EXPECT_EQ(dm::pow(1, nan), 1.0);
  EXPECT_TRUE(std::isnan(dm::pow(nan, 1)));
  EXPECT_TRUE(std::isnan(dm::pow(-2, 0.5)));
  EXPECT_EQ(dm::pow(-8, 1.0 / 3) != dm::pow(-8, 1.0 / 3), true);  // non-integer: nan
  EXPECT_EQ(dm::pow(0, 2), 0.0);
  EXPECT_TRUE(std::signbit(dm::pow(-0.0, 3)));
  EXPECT_FALSE(std::signbit(dm::pow(-0.0, 2)));
  EXPECT_EQ(dm::pow(0, -1), kInf);
  EXPECT_EQ(dm::pow(-0.0, -1), -kInf);
  EXPECT_EQ(dm::pow(-0.0, -2), kInf);
  EXPECT_EQ(dm::pow(-1, kInf), 1.0);
  EXPECT_EQ(dm::pow(0.5, kInf), 0.0);
  EXPECT_EQ(dm::pow(0.5, -kInf), kInf);
  EXPECT_EQ(dm::pow(2, kInf), kInf);
  EXPECT_EQ(dm::pow(2, -kInf), 0.0);
  EXPECT_EQ(dm::pow(kInf, 0.5), kInf);
  EXPECT_EQ(dm::pow(-kInf, 3), -kInf);
  EXPECT_EQ(dm::pow(-kInf, -3), 0.0);
  EXPECT_TRUE(std::signbit(dm::pow(-kInf, -3)));
  EXPECT_EQ(dm::pow(10, 400), kInf);
  EXPECT_EQ(dm::pow(10, -400), 0.0);
  EXPECT_EQ(dm::pow(-10, 401), -kInf);
  EXPECT_EQ(dm::pow(1.0000001, 1e30), kInf);
  EXPECT_EQ(dm::pow(4, 0.5), 2.0);
  EXPECT_EQ(dm::pow(-3, 3.0), -27.0);
}

}  // namespace
