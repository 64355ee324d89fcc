#include "core/curvature/lanczos.h"

#include <cmath>

#include "core/random.h"

namespace lrlab {

namespace {

double dot(const double* a, const double* b, Eigen::Index n) noexcept {
  double s = 0;
  for (Eigen::Index k = 0; k < n; ++k) s = s + a[k] * b[k];
  return s;
}

// a -= c b
void subtract_multiple(double* a, double c, const double* b, Eigen::Index n) noexcept {
  for (Eigen::Index k = 0; k < n; ++k) a[k] = a[k] - c * b[k];
}

double norm(const double* a, Eigen::Index n) noexcept {
  return std::sqrt(dot(a, a, n));
}

// The start when no warm one is given: fixed pseudo-random entries, so no eigenvector of a
// structured operator is missed by symmetry (a vector of ones can be orthogonal to it).
void fixed_start(Eigen::VectorXd& v, Eigen::Index n) {
  v.resize(n);
  Rng rng(0x5eed5eedULL);
  for (Eigen::Index k = 0; k < n; ++k) v[k] = rng.uniform(-1, 1);
}

}  // namespace

Lanczos::Lanczos(Eigen::Index dimension, int max_iterations)
    : max_iterations_(max_iterations < 1 ? 1 : max_iterations) {
  const int m = max_iterations_;
  basis_.setZero(dimension, m);
  alpha_.setZero(m);
  beta_.setZero(m);
  ritz_.setZero(m);
  work_.setZero(dimension);
  lower_.setZero(m);
  diagonal_.setZero(m);
  upper_.setZero(m);
  upper2_.setZero(m);
  rhs_.setZero(m);
  swapped_.setZero(m);
}

double Lanczos::tridiagonal_top(int m) noexcept {
  // Gershgorin bounds, then bisection on the Sturm count: the number of negative pivots of
  // T - x I = L D L^T is the number of eigenvalues below x; above the top one it is m.
  double lo = alpha_[0], hi = alpha_[0];
  for (int i = 0; i < m; ++i) {
    const double radius =
        (i > 0 ? std::fabs(beta_[i - 1]) : 0.0) + (i + 1 < m ? std::fabs(beta_[i]) : 0.0);
    lo = std::fmin(lo, alpha_[i] - radius);
    hi = std::fmax(hi, alpha_[i] + radius);
  }
  const double scale = std::fmax(std::fabs(lo), std::fabs(hi));
  const double tiny = scale > 0 ? scale * 1e-300 : 1e-300;
  auto below = [&](double x) {
    int count = 0;
    double pivot = 1;
    for (int i = 0; i < m; ++i) {
      const double coupling = i > 0 ? beta_[i - 1] * beta_[i - 1] / pivot : 0.0;
      pivot = alpha_[i] - x - coupling;
      if (pivot == 0) pivot = -tiny;
      count += pivot < 0;
    }
    return count;
  };
  // Invariant: below(lo) < m <= below(hi) (hi is nudged up so that it holds at the start).
  hi = hi + std::fabs(hi) * 1e-15 + tiny;
  for (int step = 0; step < 2200; ++step) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    (below(mid) < m ? lo : hi) = mid;
  }
  const double top = hi;

  // Eigenvector by inverse iteration: solves of (T - top I) s = s with Gaussian elimination with
  // partial pivoting (the factors of a tridiagonal fill one extra band above). T - top I is
  // singular to rounding, so a pivot may come out 0: it is replaced by a rounding-sized one, which
  // keeps every solve finite (each multiplies the wanted component by about 1e16 at most).
  const double floor = scale > 0 ? scale * 1e-16 : 1e-300;
  for (int i = 0; i < m; ++i) {
    diagonal_[i] = alpha_[i] - top;
    lower_[i] = i + 1 < m ? beta_[i] : 0.0;
    upper_[i] = lower_[i];
    upper2_[i] = 0;
  }
  for (int i = 0; i + 1 < m; ++i) {
    if (std::fabs(diagonal_[i]) >= std::fabs(lower_[i])) {
      swapped_[i] = 0;
      if (std::fabs(diagonal_[i]) < floor) diagonal_[i] = diagonal_[i] < 0 ? -floor : floor;
      const double factor = lower_[i] / diagonal_[i];
      lower_[i] = factor;
      diagonal_[i + 1] = diagonal_[i + 1] - factor * upper_[i];
    } else {
      swapped_[i] = 1;
      const double factor = diagonal_[i] / lower_[i];
      diagonal_[i] = lower_[i];
      lower_[i] = factor;
      const double above = upper_[i];
      upper_[i] = diagonal_[i + 1];
      diagonal_[i + 1] = above - factor * diagonal_[i + 1];
      if (i + 2 < m) {
        upper2_[i] = upper_[i + 1];
        upper_[i + 1] = -factor * upper_[i + 1];
      }
    }
  }
  if (std::fabs(diagonal_[m - 1]) < floor) diagonal_[m - 1] = diagonal_[m - 1] < 0 ? -floor : floor;
  for (int i = 0; i < m; ++i) rhs_[i] = 1;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i + 1 < m; ++i) {
      if (swapped_[i]) {
        const double b = rhs_[i];
        rhs_[i] = rhs_[i + 1];
        rhs_[i + 1] = b - lower_[i] * rhs_[i];
      } else {
        rhs_[i + 1] = rhs_[i + 1] - lower_[i] * rhs_[i];
      }
    }
    for (int i = m - 1; i >= 0; --i) {
      double b = rhs_[i];
      if (i + 1 < m) b = b - upper_[i] * rhs_[i + 1];
      if (i + 2 < m) b = b - upper2_[i] * rhs_[i + 2];
      rhs_[i] = b / diagonal_[i];
    }
    const double length = norm(rhs_.data(), m);
    if (!(length > 0 && std::isfinite(length))) {  // degenerate scale: keep the last good vector
      for (int i = 0; i < m; ++i) rhs_[i] = i == 0 ? 1.0 : 0.0;
      break;
    }
    for (int i = 0; i < m; ++i) rhs_[i] = rhs_[i] / length;
  }
  for (int i = 0; i < m; ++i) ritz_[i] = rhs_[i];
  return top;
}

Lanczos::Result Lanczos::top(const Product& product, Eigen::VectorXd& vector,
                             double tolerance) noexcept {
  const Eigen::Index n = basis_.rows();
  Result result;
  if (n == 0) return result;
  if (vector.size() != n || norm(vector.data(), n) == 0) fixed_start(vector, n);
  const double start_length = norm(vector.data(), n);
  for (Eigen::Index k = 0; k < n; ++k) basis_(k, 0) = vector[k] / start_length;

  int m = 0;
  for (int j = 0; j < max_iterations_; ++j) {
    const double* q = &basis_(0, j);
    product(basis_.col(j), work_);
    ++result.iterations;
    double* w = work_.data();
    alpha_[j] = dot(q, w, n);
    subtract_multiple(w, alpha_[j], q, n);
    if (j > 0) subtract_multiple(w, beta_[j - 1], &basis_(0, j - 1), n);
    // Full reorthogonalisation, twice: in floating point the three-term recurrence alone lets
    // copies of converged eigenvalues creep back in.
    for (int pass = 0; pass < 2; ++pass)
      for (int i = 0; i <= j; ++i) subtract_multiple(w, dot(&basis_(0, i), w, n), &basis_(0, i), n);
    beta_[j] = norm(w, n);
    m = j + 1;
    result.value = tridiagonal_top(m);
    // |A x - value x| for x = Q s is beta_j |s_last| (the Lanczos relation).
    result.residual = beta_[j] * std::fabs(ritz_[j]);
    const double scale = std::fmax(std::fabs(result.value), std::fabs(alpha_[j]));
    // Also stop on an invariant subspace (beta ~ 0): the Krylov space holds the answer exactly.
    if (result.residual <= tolerance * std::fabs(result.value) || !(beta_[j] > 1e-13 * scale)) {
      result.converged = true;
      break;
    }
    if (j + 1 < max_iterations_)
      for (Eigen::Index k = 0; k < n; ++k) basis_(k, j + 1) = w[k] / beta_[j];
  }
  for (Eigen::Index k = 0; k < n; ++k) {
    double s = 0;
    for (int i = 0; i < m; ++i) s = s + basis_(k, i) * ritz_[i];
    vector[k] = s;
  }
  return result;
}

}  // namespace lrlab
