#pragma once
// Losses on a batch of network outputs (columns are samples). The cross-entropies take logits:
// the network's last layer is linear and the loss applies sigmoid or softmax itself, in a form
// that stays finite for any logit.
//
// Conventions (Keras'): every loss is the mean over the batch. MSE is the mean over all elements
// (per sample the mean over outputs, then the mean over samples); binary cross-entropy likewise
// averages over outputs when there are several (independent labels); softmax cross-entropy sums
// over classes within a sample and averages over samples.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "core/data.h"

namespace lrlab {

enum class LossKind { Mse, BinaryCrossEntropy, SoftmaxCrossEntropy };

// Names used in settings: "mse", "bce", "softmax_ce" (in that order).
const std::vector<std::string>& loss_names();
const char* loss_name(LossKind kind);
// Throws Error naming `field` for an unknown name. "auto" is not accepted here: see default_loss.
LossKind parse_loss(const std::string& name, const std::string& field = "model.loss");
// The natural loss for a task: bce for Binary, softmax_ce for MultiClass, mse for Regression.
LossKind default_loss(Task task);

// Sum over the samples of the per-sample loss (so chunks can be added and divided once).
double loss_sum(LossKind kind, const Eigen::Ref<const Eigen::MatrixXd>& z,
                const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept;

// Mean loss over the batch; writes its gradient with respect to z into dz (same shape as z).
double loss_and_delta(LossKind kind, const Eigen::Ref<const Eigen::MatrixXd>& z,
                      const Eigen::Ref<const Eigen::MatrixXd>& y,
                      Eigen::Ref<Eigen::MatrixXd> dz) noexcept;

// The loss's curvature along a direction of z (the R-operator of loss_and_delta, for Hessian-vector
// products, core/curvature/hessian_product.h): rdz = (d dz / d z) rz, the batch-mean loss's
// Hessian with respect to z applied to rz, column by column. Same shapes as z; exact, no
// differencing. mse: 2 rz / (n rows); bce: sigmoid'(z) rz / (n rows); softmax_ce:
// sum(y) (p * rz - p (p . rz)) / n with p = softmax(z).
void loss_curvature_product(LossKind kind, const Eigen::Ref<const Eigen::MatrixXd>& z,
                            const Eigen::Ref<const Eigen::MatrixXd>& y,
                            const Eigen::Ref<const Eigen::MatrixXd>& rz,
                            Eigen::Ref<Eigen::MatrixXd> rdz) noexcept;

// Number of samples classified correctly. One output: predicted class 1 when the logit is > 0
// (cross-entropy) or the output is > 0.5 (MSE), true class 1 when y > 0.5. Several outputs: the
// largest output against the largest target (first one on ties).
long count_correct(LossKind kind, const Eigen::Ref<const Eigen::MatrixXd>& z,
                   const Eigen::Ref<const Eigen::MatrixXd>& y) noexcept;

// What the model reports as its prediction: sigmoid (bce), softmax (softmax_ce) or z itself (mse).
// out may alias z.
void output_transform(LossKind kind, const Eigen::Ref<const Eigen::MatrixXd>& z,
                      Eigen::Ref<Eigen::MatrixXd> out) noexcept;

}  // namespace lrlab
