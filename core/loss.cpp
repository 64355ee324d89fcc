#include "core/loss.h"

#include "core/detmath.h"
#include "core/error.h"

namespace lrlab {

namespace {

// log(1 + exp(-|z|)) + max(z, 0) - z*y: binary cross-entropy from a logit, finite for any z.
// exp_minus_abs_z = exp(-|z|), shared with the sigmoid of the gradient.
double bce_term(double z, double y, double exp_minus_abs_z) noexcept {
  return (z > 0 ? z : 0.0) - z * y + dm::log1p(exp_minus_abs_z);
}
double exp_minus_abs(double z) noexcept {
  return dm::exp(-(z < 0 ? -z : z));
}
double bce_term(double z, double y) noexcept {
  return bce_term(z, y, exp_minus_abs(z));
}
// dm::sigmoid(z) from exp(-|z|): the same two formulas on the same exp, so the same bits, with
// one exp per sample instead of two.
double sigmoid_from(double z, double exp_minus_abs_z) noexcept {
  return z >= 0 ? 1 / (1 + exp_minus_abs_z) : exp_minus_abs_z / (1 + exp_minus_abs_z);
}

double column_max(const Eigen::Ref<const Eigen::MatrixXd>& z, Eigen::Index j) noexcept {
  double m = z(0, j);
  for (Eigen::Index i = 1; i < z.rows(); ++i)
    if (z(i, j) > m) m = z(i, j);
  return m;
}

// sum_i exp(z_i - max): at least 1, so its log is safe.
double shifted_exp_sum(const Eigen::Ref<const Eigen::MatrixXd>& z, Eigen::Index j,
                       double max) noexcept {
  double s = 0;
  for (Eigen::Index i = 0; i < z.rows(); ++i) s += dm::exp(z(i, j) - max);
  return s;
}

// Softmax cross-entropy of one sample for any target distribution y:
// sum_i y_i (logsumexp(z) - z_i).
double softmax_ce_term(const Eigen::Ref<const Eigen::MatrixXd>& z,
                       const Eigen::Ref<const Eigen::MatrixXd>& y, Eigen::Index j) noexcept {
  const double m = column_max(z, j);
  const double lse = m + dm::log(shifted_exp_sum(z, j, m));
  double loss = 0;
  for (Eigen::Index i = 0; i < z.rows(); ++i) loss += y(i, j) * (lse - z(i, j));
  return loss;
}

Eigen::Index argmax(const Eigen::Ref<const Eigen::MatrixXd>& m, Eigen::Index j) noexcept {
  Eigen::Index best = 0;
  for (Eigen::Index i = 1; i < m.rows(); ++i)
    if (m(i, j) > m(best, j)) best = i;
  return best;
}

}  // namespace

const std::vector<std::string>& loss_names() {
  static const std::vector<std::string> names = {"mse", "bce", "softmax_ce"};
  return names;
}

const char* loss_name(LossKind kind) {
  switch (kind) {
    case LossKind::Mse:
      return "mse";
    case LossKind::BinaryCrossEntropy:
      return "bce";
    case LossKind::SoftmaxCrossEntropy:
      return "softmax_ce";
  }
  return "mse";
}

LossKind parse_loss(const std::string& name, const std::string& field) {
  if (name == "mse") return LossKind::Mse;
  if (name == "bce") return LossKind::BinaryCrossEntropy;
  if (name == "softmax_ce") return LossKind::SoftmaxCrossEntropy;
  fail_field(field, "\"" + name + "\"", "must be one of: mse bce softmax_ce");
}

LossKind default_loss(Task task) {
  switch (task) {
    case Task::Binary:
      return LossKind::BinaryCrossEntropy;
    case Task::MultiClass:
      return LossKind::SoftmaxCrossEntropy;
    case Task::Regression:
      return LossKind::Mse;
  }
  return LossKind::Mse;
}

double loss_sum(LossKind kind, const Eigen::Ref<const Eigen::MatrixXd>& z,
                const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept {
  const Eigen::Index rows = z.rows(), n = z.cols();
  double total = 0;
  switch (kind) {
    case LossKind::Mse:
      for (Eigen::Index j = 0; j < n; ++j) {
        double s = 0;
        for (Eigen::Index i = 0; i < rows; ++i) {
          const double e = z(i, j) - y(i, j);
          s += e * e;
        }
        total += s / rows;
      }
      break;
    case LossKind::BinaryCrossEntropy:
      for (Eigen::Index j = 0; j < n; ++j) {
        double s = 0;
        for (Eigen::Index i = 0; i < rows; ++i) s += bce_term(z(i, j), y(i, j));
        total += s / rows;
      }
      break;
    case LossKind::SoftmaxCrossEntropy:
      for (Eigen::Index j = 0; j < n; ++j) total += softmax_ce_term(z, y, j);
      break;
  }
  return total;
}

double loss_and_delta(LossKind kind, const Eigen::Ref<const Eigen::MatrixXd>& z,
                      const Eigen::Ref<const Eigen::MatrixXd>& y,
                      Eigen::Ref<Eigen::MatrixXd> dz) noexcept {
  const Eigen::Index rows = z.rows(), n = z.cols();
  if (n == 0) return 0;
  const double inv_n = 1.0 / static_cast<double>(n);
  double total = 0;
  switch (kind) {
    case LossKind::Mse: {
      // d/dz of mean over n*rows of (z - y)^2.
      const double scale = 2.0 * inv_n / static_cast<double>(rows);
      for (Eigen::Index j = 0; j < n; ++j) {
        double s = 0;
        for (Eigen::Index i = 0; i < rows; ++i) {
          const double e = z(i, j) - y(i, j);
          s += e * e;
          dz(i, j) = scale * e;
        }
        total += s / rows;
      }
      break;
    }
    case LossKind::BinaryCrossEntropy: {
      // d/dz of the logit form is sigmoid(z) - y.
      const double scale = inv_n / static_cast<double>(rows);
      for (Eigen::Index j = 0; j < n; ++j) {
        double s = 0;
        for (Eigen::Index i = 0; i < rows; ++i) {
          const double e = exp_minus_abs(z(i, j));
          s += bce_term(z(i, j), y(i, j), e);
          dz(i, j) = scale * (sigmoid_from(z(i, j), e) - y(i, j));
        }
        total += s / rows;
      }
      break;
    }
    case LossKind::SoftmaxCrossEntropy:
      // d/dz_i of sum_k y_k (lse - z_k) is softmax_i * sum(y) - y_i.
      for (Eigen::Index j = 0; j < n; ++j) {
        const double m = column_max(z, j);
        const double s = shifted_exp_sum(z, j, m);
        const double lse = m + dm::log(s);
        double mass = 0, loss = 0;
        for (Eigen::Index i = 0; i < rows; ++i) {
          mass += y(i, j);
          loss += y(i, j) * (lse - z(i, j));
        }
        for (Eigen::Index i = 0; i < rows; ++i)
          dz(i, j) = inv_n * (dm::exp(z(i, j) - m) / s * mass - y(i, j));
        total += loss;
      }
      break;
  }
  return total * inv_n;
}

void loss_curvature_product(LossKind kind, const Eigen::Ref<const Eigen::MatrixXd>& z,
                            const Eigen::Ref<const Eigen::MatrixXd>& y,
                            const Eigen::Ref<const Eigen::MatrixXd>& rz,
                            Eigen::Ref<Eigen::MatrixXd> rdz) noexcept {
  const Eigen::Index rows = z.rows(), n = z.cols();
  if (n == 0) return;
  const double inv_n = 1.0 / static_cast<double>(n);
  switch (kind) {
    case LossKind::Mse: {
      const double scale = 2.0 * inv_n / static_cast<double>(rows);
      for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) rdz(i, j) = scale * rz(i, j);
      break;
    }
    case LossKind::BinaryCrossEntropy: {
      // dz = (sigmoid(z) - y) scale, so d dz / dz = sigmoid(z) (1 - sigmoid(z)) scale.
      const double scale = inv_n / static_cast<double>(rows);
      for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) {
          const double s = sigmoid_from(z(i, j), exp_minus_abs(z(i, j)));
          rdz(i, j) = scale * (s * (1 - s)) * rz(i, j);
        }
      break;
    }
    case LossKind::SoftmaxCrossEntropy:
      // dz_i = (p_i mass - y_i) / n and dp_i/dz_k = p_i (delta_ik - p_k).
      for (Eigen::Index j = 0; j < n; ++j) {
        const double m = column_max(z, j);
        const double s = shifted_exp_sum(z, j, m);
        double mass = 0, p_dot_rz = 0;
        for (Eigen::Index i = 0; i < rows; ++i) {
          mass += y(i, j);
          p_dot_rz += dm::exp(z(i, j) - m) / s * rz(i, j);
        }
        for (Eigen::Index i = 0; i < rows; ++i) {
          const double p = dm::exp(z(i, j) - m) / s;
          rdz(i, j) = inv_n * mass * (p * (rz(i, j) - p_dot_rz));
        }
      }
      break;
  }
}

long count_correct(LossKind kind, const Eigen::Ref<const Eigen::MatrixXd>& z,
                   const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept {
  long correct = 0;
  if (z.rows() == 1) {
    const double threshold = kind == LossKind::Mse ? 0.5 : 0.0;
    for (Eigen::Index j = 0; j < z.cols(); ++j) correct += (z(0, j) > threshold) == (y(0, j) > 0.5);
  } else {
    for (Eigen::Index j = 0; j < z.cols(); ++j) correct += argmax(z, j) == argmax(y, j);
  }
  return correct;
}

void output_transform(LossKind kind, const Eigen::Ref<const Eigen::MatrixXd>& z,
                      Eigen::Ref<Eigen::MatrixXd> out) noexcept {
  const Eigen::Index rows = z.rows(), n = z.cols();
  switch (kind) {
    case LossKind::Mse:
      for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) out(i, j) = z(i, j);
      break;
    case LossKind::BinaryCrossEntropy:
      for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < rows; ++i) out(i, j) = dm::sigmoid(z(i, j));
      break;
    case LossKind::SoftmaxCrossEntropy:
      for (Eigen::Index j = 0; j < n; ++j) {
        const double m = column_max(z, j);
        const double s = shifted_exp_sum(z, j, m);
        for (Eigen::Index i = 0; i < rows; ++i) out(i, j) = dm::exp(z(i, j) - m) / s;
      }
      break;
  }
}

}  // namespace lrlab
