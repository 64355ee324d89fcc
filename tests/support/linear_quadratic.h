#pragma once
// The "linear" problem with a model without hidden layers and mean squared error is a quadratic
// in (w, b). Its minimum, Hessian and eigen-directions follow from the training samples alone:
// the independent reference that the trainer and sweep tests compare the core with.
#include <cmath>

#include "core/data.h"

namespace lrlab::test {

struct LinearQuadratic {
  double w_star = 0, b_star = 0;     // least squares
  double loss_star = 0;              // its mean squared error
  double h11 = 0, h12 = 0, h22 = 0;  // Hessian entries
  double l_max = 0, l_min = 0;       // eigenvalues
  double v1 = 0, v2 = 0;             // unit eigenvector of l_max

  // Loss at (w, b): L* + 0.5 e^T H e (exact for a quadratic).
  double loss(double w, double b) const {
    const double ew = w - w_star, eb = b - b_star;
    return loss_star + 0.5 * (h11 * ew * ew + 2 * h12 * ew * eb + h22 * eb * eb);
  }
  // One gradient-descent step on (w, b): e <- e - lr * H e.
  void step(double lr, double& w, double& b) const {
    const double ew = w - w_star, eb = b - b_star;
    const double gw = h11 * ew + h12 * eb, gb = h12 * ew + h22 * eb;
    w -= lr * gw;
    b -= lr * gb;
  }
  // Component of (w, b) - (w*, b*) along the steep eigen-direction.
  double steep_component(double w, double b) const { return v1 * (w - w_star) + v2 * (b - b_star); }
};

inline LinearQuadratic analyse_linear(const Dataset& train) {
  const long n = static_cast<long>(train.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (long i = 0; i < n; ++i) {
    const double x = train.x(0, i), y = train.y(0, i);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const double mx = sx / n, my = sy / n, mxx = sxx / n, mxy = sxy / n;
  LinearQuadratic q;
  q.w_star = (mxy - mx * my) / (mxx - mx * mx);
  q.b_star = my - q.w_star * mx;
  for (long i = 0; i < n; ++i) {
    const double r = q.w_star * train.x(0, i) + q.b_star - train.y(0, i);
    q.loss_star += r * r;
  }
  q.loss_star /= n;
  q.h11 = 2 * mxx;
  q.h12 = 2 * mx;
  q.h22 = 2.0;
  const double half_trace = 0.5 * (q.h11 + q.h22);
  const double det = q.h11 * q.h22 - q.h12 * q.h12;
  const double root = std::sqrt(half_trace * half_trace - det);
  q.l_max = half_trace + root;
  q.l_min = half_trace - root;
  // (H - l_max I) v = 0  =>  v proportional to (h12, l_max - h11).
  const double norm = std::hypot(q.h12, q.l_max - q.h11);
  q.v1 = q.h12 / norm;
  q.v2 = (q.l_max - q.h11) / norm;
  return q;
}

}  // namespace lrlab::test
