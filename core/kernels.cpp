#include "core/kernels.h"

#include "core/simd.h"

namespace lrlab::kernels {

namespace {

using simd::load;
using simd::splat;
using simd::store;
using simd::V2;

// An output block of 2*R rows by C columns held in registers while the inner index runs: each
// lhs pair is loaded once for C columns and each rhs value broadcast once for R pairs. R = 4,
// C = 2 uses 8 accumulators + 6 operands, which fits SSE2's 16 registers (and wasm's locals).
template <int R, int C>
void block(const double* lhs, long lhs_col_stride, long inner, const double* rhs,
           long rhs_inner_stride, long rhs_col_stride, double* out, long out_stride) noexcept {
  V2 acc[R][C];
  V2 l[R];
  for (int r = 0; r < R; ++r) l[r] = load(lhs + 2 * r);
  for (int c = 0; c < C; ++c) {
    const V2 b = splat(rhs[c * rhs_col_stride]);
    for (int r = 0; r < R; ++r) acc[r][c] = l[r] * b;  // the first term, not 0 + first term
  }
  for (long t = 1; t < inner; ++t) {
    const double* lt = lhs + t * lhs_col_stride;
    const double* rt = rhs + t * rhs_inner_stride;
    for (int r = 0; r < R; ++r) l[r] = load(lt + 2 * r);
    for (int c = 0; c < C; ++c) {
      const V2 b = splat(rt[c * rhs_col_stride]);
      for (int r = 0; r < R; ++r) acc[r][c] = acc[r][c] + l[r] * b;
    }
  }
  for (int c = 0; c < C; ++c)
    for (int r = 0; r < R; ++r) store(out + c * out_stride + 2 * r, acc[r][c]);
}

// One output entry, scalar: rows left over after the pairs.
double dot(const double* lhs, long lhs_col_stride, long inner, const double* rhs,
           long rhs_inner_stride) noexcept {
  double s = lhs[0] * rhs[0];
  for (long t = 1; t < inner; ++t) s = s + lhs[t * lhs_col_stride] * rhs[t * rhs_inner_stride];
  return s;
}

// Rows in pairs (rows even).
template <int C>
void column_group(const double* lhs, long rows, long lhs_col_stride, long inner, const double* rhs,
                  long rhs_inner_stride, long rhs_col_stride, double* out,
                  long out_stride) noexcept {
  long i = 0;
  for (; i + 8 <= rows; i += 8)
    block<4, C>(lhs + i, lhs_col_stride, inner, rhs, rhs_inner_stride, rhs_col_stride, out + i,
                out_stride);
  for (; i + 2 <= rows; i += 2)
    block<1, C>(lhs + i, lhs_col_stride, inner, rhs, rhs_inner_stride, rhs_col_stride, out + i,
                out_stride);
}

// One row of lhs against 2*P columns of rhs, the columns side by side in lanes: the single-output
// layer's products (rows = 1) would otherwise be scalar dot products, one add after another.
template <int P>
void row_block(const double* lhs, long lhs_col_stride, long inner, const double* rhs,
               long rhs_inner_stride, long rhs_col_stride, double* out, long out_stride) noexcept {
  V2 acc[P];
  const V2 l0 = splat(lhs[0]);
  for (int p = 0; p < P; ++p)
    acc[p] = l0 * V2{rhs[2 * p * rhs_col_stride], rhs[(2 * p + 1) * rhs_col_stride]};
  for (long t = 1; t < inner; ++t) {
    const V2 lt = splat(lhs[t * lhs_col_stride]);
    const double* rt = rhs + t * rhs_inner_stride;
    for (int p = 0; p < P; ++p)
      acc[p] = acc[p] + lt * V2{rt[2 * p * rhs_col_stride], rt[(2 * p + 1) * rhs_col_stride]};
  }
  for (int p = 0; p < P; ++p) {
    out[2 * p * out_stride] = acc[p][0];
    out[(2 * p + 1) * out_stride] = acc[p][1];
  }
}

void single_row(const double* lhs, long lhs_col_stride, long inner, const double* rhs,
                long rhs_inner_stride, long rhs_col_stride, long cols, double* out,
                long out_stride) noexcept {
  long c = 0;
  for (; c + 8 <= cols; c += 8)
    row_block<4>(lhs, lhs_col_stride, inner, rhs + c * rhs_col_stride, rhs_inner_stride,
                 rhs_col_stride, out + c * out_stride, out_stride);
  for (; c + 2 <= cols; c += 2)
    row_block<1>(lhs, lhs_col_stride, inner, rhs + c * rhs_col_stride, rhs_inner_stride,
                 rhs_col_stride, out + c * out_stride, out_stride);
  if (c < cols)
    out[c * out_stride] =
        dot(lhs, lhs_col_stride, inner, rhs + c * rhs_col_stride, rhs_inner_stride);
}

}  // namespace

void product(const double* lhs, long rows, long lhs_col_stride, long inner, const double* rhs,
             long rhs_inner_stride, long rhs_col_stride, long cols, double* out,
             long out_stride) noexcept {
  const long paired_rows = rows - rows % 2;
  if (paired_rows > 0) {
    long c = 0;
    for (; c + 2 <= cols; c += 2)
      column_group<2>(lhs, paired_rows, lhs_col_stride, inner, rhs + c * rhs_col_stride,
                      rhs_inner_stride, rhs_col_stride, out + c * out_stride, out_stride);
    if (c < cols)
      column_group<1>(lhs, paired_rows, lhs_col_stride, inner, rhs + c * rhs_col_stride,
                      rhs_inner_stride, rhs_col_stride, out + c * out_stride, out_stride);
  }
  if (paired_rows < rows)
    single_row(lhs + paired_rows, lhs_col_stride, inner, rhs, rhs_inner_stride, rhs_col_stride,
               cols, out + paired_rows, out_stride);
}

void product_reference(const double* lhs, long rows, long lhs_col_stride, long inner,
                       const double* rhs, long rhs_inner_stride, long rhs_col_stride, long cols,
                       double* out, long out_stride) noexcept {
  for (long c = 0; c < cols; ++c)
    for (long i = 0; i < rows; ++i) {
      double s = lhs[i] * rhs[c * rhs_col_stride];
      for (long t = 1; t < inner; ++t)
        s = s + lhs[i + t * lhs_col_stride] * rhs[t * rhs_inner_stride + c * rhs_col_stride];
      out[i + c * out_stride] = s;
    }
}

// Element-wise loops, two lanes at a time: each element sees the same operations as in a scalar
// loop, so the lanes change nothing but speed. (The compilers do not vectorise these on their
// own: the output may alias the input as far as they know.)
void row_sums(const double* m, long rows, long stride, long cols, double* sums) noexcept {
  long i = 0;
  // Eight rows at a time held in registers across all columns (a running sum kept in memory
  // waited on a store and a reload per column).
  for (; i + 8 <= rows; i += 8) {
    V2 acc[4];
    for (int r = 0; r < 4; ++r) acc[r] = load(m + i + 2 * r);
    for (long c = 1; c < cols; ++c)
      for (int r = 0; r < 4; ++r) acc[r] = acc[r] + load(m + c * stride + i + 2 * r);
    for (int r = 0; r < 4; ++r) store(sums + i + 2 * r, acc[r]);
  }
  for (; i < rows; ++i) {
    double s = m[i];
    for (long c = 1; c < cols; ++c) s = s + m[i + c * stride];
    sums[i] = s;
  }
}

void add_to_columns(double* m, long rows, long stride, long cols, const double* bias) noexcept {
  const long pairs = rows - rows % 2;
  for (long c = 0; c < cols; ++c) {
    double* mc = m + c * stride;
    for (long i = 0; i < pairs; i += 2) store(mc + i, load(mc + i) + load(bias + i));
    if (pairs < rows) mc[pairs] = mc[pairs] + bias[pairs];
  }
}

void scale_by_tanh_derivative(const double* a, double* delta, long count) noexcept {
  const V2 one = splat(1.0);
  long i = 0;
  for (; i + 2 <= count; i += 2) {
    const V2 ai = load(a + i);
    store(delta + i, load(delta + i) * (one - ai * ai));
  }
  if (i < count) delta[i] = delta[i] * (1 - a[i] * a[i]);
}

void transpose(const double* m, long rows, long cols, double* t) noexcept {
  for (long c = 0; c < cols; ++c)
    for (long i = 0; i < rows; ++i) t[c + i * cols] = m[i + c * rows];
}

}  // namespace lrlab::kernels
