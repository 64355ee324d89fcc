// TEMPORARY: forwards to <cmath> until the deterministic implementations land.
#include "core/detmath.h"

#include <cmath>

namespace lrlab::dm {
double exp(double x) { return std::exp(x); }
double expm1(double x) { return std::expm1(x); }
double log(double x) { return std::log(x); }
double log1p(double x) { return std::log1p(x); }
double tanh(double x) { return std::tanh(x); }
double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double sin(double x) { return std::sin(x); }
double cos(double x) { return std::cos(x); }
double pow(double b, double e) { return std::pow(b, e); }
}  // namespace lrlab::dm
