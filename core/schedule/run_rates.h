#pragma once
// The rate a run's settings give each update, its changes included (Settings::changes: a rate, an
// optimizer or a schedule set at an epoch and step), without training: the schedule preview of a
// run changed while it trained or branched from another. The changes take effect where the
// trainer applies them (core/trainer.cpp apply_due_changes, before the update at their position)
// and a ReduceLROnPlateau cut, which depends on the losses, is left out, as in preview_schedule.
#include <vector>

#include "core/settings.h"

namespace lrlab {

// `epochs` epochs of `steps_per_epoch` updates each. per_step: the rate of every update
// (History::step_lr without a plateau cut); otherwise the rate of each epoch's first update
// (History::epoch_lr). Throws Error naming the position for an unusable rate, as
// preview_schedule does, and for counts out of range.
std::vector<double> preview_run_rates(const Settings& settings, long epochs, long steps_per_epoch,
                                      bool per_step);

}  // namespace lrlab
