#pragma once
// Deterministic elementary functions. glibc (native) and musl (Emscripten) disagree in the last
// bits of exp, log, tanh, cos... so a history computed natively would differ from the page's.
// These are written with + - * / and sqrt only (which IEEE 754 makes identical everywhere), and the
// project compiles with -ffp-contract=off, so native and wasm give the same bits.
// Accuracy: within a few ulp of the correctly rounded result on the documented domains.

namespace lrlab::dm {

double exp(double x);
double expm1(double x);
double log(double x);
double log1p(double x);
double tanh(double x);
// values[i] = tanh(values[i]) for i < count, bit for bit, two at a time in SIMD lanes.
void tanh_array(double* values, long count);
double sigmoid(double x);  // 1 / (1 + exp(-x)), stable for large |x|
double sin(double x);
double cos(double x);
double pow(double base, double exponent);  // exact for small integer exponents

}  // namespace lrlab::dm
