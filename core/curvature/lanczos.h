#pragma once
// The largest (most positive) eigenvalue of a symmetric operator known only through products,
// by Lanczos iteration with full reorthogonalisation.
//
// Why Lanczos and not power iteration: a network's Hessian has negative eigenvalues, sometimes
// larger in size than the top one, and power iteration finds the largest in size; Lanczos finds
// the most positive, and in far fewer products when the top eigenvalues lie close together.
// Warm-started from the previous measurement's vector it often stops after a handful.
//
// Everything is + - * / and sqrt in a fixed order (the small tridiagonal problem is solved by
// bisection and inverse iteration written here, not by a library eigensolver), so the result has
// the same bits natively and in wasm. Allocates only in the constructor.
#include <Eigen/Core>
#include <functional>

namespace lrlab {

class Lanczos {
 public:
  // product(v, out): out = A v for the symmetric A (out never aliases v).
  using Product =
      std::function<void(const Eigen::Ref<const Eigen::VectorXd>&, Eigen::Ref<Eigen::VectorXd>)>;

  struct Result {
    double value = 0;     // the top Ritz value: A's largest eigenvalue once converged
    double residual = 0;  // |A x - value x| for the returned unit vector x
    int iterations = 0;   // products computed
    bool converged = false;
  };

  // dimension: of A; max_iterations >= 1: the most products one call may compute.
  Lanczos(Eigen::Index dimension, int max_iterations);

  // Iterates from `vector` (any non-zero start; the warm start) until the residual is at most
  // tolerance * |value| or max_iterations products are spent; leaves the top Ritz vector (unit
  // length) in `vector`. A start of zeros or of the wrong size is replaced by a fixed one.
  Result top(const Product& product, Eigen::VectorXd& vector, double tolerance) noexcept;

  int max_iterations() const { return max_iterations_; }

 private:
  // Top eigenvalue of the leading m x m block of the tridiagonal (alpha_, beta_) and its unit
  // eigenvector into ritz_.
  double tridiagonal_top(int m) noexcept;

  int max_iterations_;
  Eigen::MatrixXd basis_;  // dimension x max_iterations: the orthonormal Lanczos vectors
  Eigen::VectorXd alpha_, beta_, ritz_;
  Eigen::VectorXd work_;  // A q
  // Inverse-iteration scratch: the tridiagonal's factors under partial pivoting.
  Eigen::VectorXd lower_, diagonal_, upper_, upper2_, rhs_;
  Eigen::VectorXi swapped_;
};

}  // namespace lrlab
