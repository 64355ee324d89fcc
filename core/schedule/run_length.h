#pragma once
// Defaults that follow the run. A schedule parameter measured in positions (epochs, or steps at
// step granularity) has no good fixed default: Keras' decay_steps = 1000 is a whole run of 1000
// steps, but 3 epochs of a 300-epoch full-batch run. So the page gives these parameters a
// fraction of the run's length until the user sets them, and moves them along when the run's
// length changes (its epochs, its batch size, the schedule's granularity). The fractions are
// chosen so each schedule's preview shows its whole shape within the run:
//   cosine, polynomial, one-cycle: the decay / the cycle spans the whole run;
//   cosine with restarts: first cycle 1/7 (with t_mul 2: cycles of 1/7, 2/7, 4/7 fill the run);
//   cyclic: half-cycle 1/8 (four full cycles);
//   step decay: a drop every third of the run (two drops: lr0 -> lr0*gamma^2);
//   multi-step: milestones at 1/2 and 3/4 of the run (the usual 50% / 75%);
//   piecewise constant: boundaries at 1/3 and 2/3 (each of the three values a third);
//   exponential: decay_steps 1/20 (the rate ends at decay_rate^20 = 0.12 lr0 with Keras' 0.9);
//   inverse time: decay_steps 1/10 (the rate ends near lr0 / 6 with decay_rate 0.5);
//   linear warm-up: total_iters 1/10;
//   constant factor: total_iters 1/10 (the reduced start, as the warm-up);
//   linear factor: total_iters 1/2 (the line and the level after it both show);
//   warmup-stable-decay: total_steps the whole run (its phases are fractions of it).
// Cosine's warmup_steps keeps its default 0 (no warm-up unless asked for).
#include <string>

#include "core/param_spec.h"
#include "core/schedule/schedule.h"

namespace lrlab {

// The run's length in the schedule's positions: epochs, or epochs * steps_per_epoch per step.
// Both at least 1.
long run_positions(long epochs, long steps_per_epoch, Granularity granularity);

// For schedule `name`, each parameter measured in positions with its default for a run of
// `positions` positions (integers rounded to nearest, at least the parameter's minimum; lists
// strictly increasing); parameters not measured in positions are absent. Throws lrlab::Error
// naming "schedule.name" for an unknown schedule.
ParamValues run_length_defaults(const std::string& name, long positions);

}  // namespace lrlab
