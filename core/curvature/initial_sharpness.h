#pragma once
// The sharpness lambda_0 at the initial weights of an experiment: the weights every run of the
// settings and every rate of its sweep start from. Plain gradient descent at a rate above
// 2 / lambda_0 overshoots along the sharpest direction from its first step (Cohen et al. 2021), so
// the sweep marks 2 / lambda_0 on its rate axis (issue 27); on a linear model with MSE lambda_0 is
// the constant L of 2 / L.
#include "core/data.h"
#include "core/settings.h"

namespace lrlab {

// Measured more tightly than the runs' cadence (a residual of 1e-6 of the eigenvalue, up to 200
// Hessian-vector products): it is measured once, and the mark's place is read off an axis.
// NaN where the initial weights are not finite. Throws Error naming the field for settings the
// Trainer would refuse.
double initial_sharpness(const Settings& settings, const TableRef& table = nullptr);

}  // namespace lrlab
