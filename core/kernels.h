#pragma once
// The small dense products of the MLP's forward and backward passes, written out by hand.
//
// Why not Eigen: the products must sum in one fixed order so native and wasm give the same bits
// (docs/toolchain.md#same-numbers-natively-and-in-wasm), which under Eigen means
// EIGEN_DONT_VECTORIZE and coefficient-wise lazyProduct, i.e. scalar code everywhere. Here every
// output entry is still one dot product summed in index order starting from the first term (exactly
// the order of Eigen's lazyProduct, so the numbers did not change), but neighbouring entries of a
// column are computed side by side in SIMD lanes.
//
// Matrices are column-major raw pointers with explicit strides; sizes are at least 1.
namespace lrlab::kernels {

// out(i, c) = sum over t = 0 .. inner-1, in order, of lhs(i, t) * rhs(t, c), for i < rows and
// c < cols, where lhs(i, t) = lhs[i + t * lhs_col_stride] (rows contiguous) and
// rhs(t, c) = rhs[t * rhs_inner_stride + c * rhs_col_stride], out(i, c) = out[i + c * out_stride].
void product(const double* lhs, long rows, long lhs_col_stride, long inner, const double* rhs,
             long rhs_inner_stride, long rhs_col_stride, long cols, double* out,
             long out_stride) noexcept;

// Same contract as product(), written as plain scalar loops: the reference the tests compare
// the kernel with, bit for bit.
void product_reference(const double* lhs, long rows, long lhs_col_stride, long inner,
                       const double* rhs, long rhs_inner_stride, long rhs_col_stride, long cols,
                       double* out, long out_stride) noexcept;

// sums(i) = sum over c = 0 .. cols-1, in order, of m[i + c * stride].
void row_sums(const double* m, long rows, long stride, long cols, double* sums) noexcept;

// m(:, c) += bias for every column c.
void add_to_columns(double* m, long rows, long stride, long cols, const double* bias) noexcept;

// delta[i] *= 1 - a[i]^2 for i < count: tanh's derivative from its output.
void scale_by_tanh_derivative(const double* a, double* delta, long count) noexcept;

// t (cols x rows) = m^T for m rows x cols (stride rows): a contiguous copy for product().
void transpose(const double* m, long rows, long cols, double* t) noexcept;

}  // namespace lrlab::kernels
