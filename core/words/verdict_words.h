#pragma once
// Every form in which lrlab says a verdict, written here and nowhere else: the sentence on a run's
// card, its badge, the story's clause, the sweep's words and chart regions, the lesson feedback
// and the command line's summary. The core classifies (core/experiments/diagnosis.h: a kind and
// its evidence); this module only words that evidence, so rewording a verdict is an edit to
// verdict_words.cpp alone.
//
// Why the words live in C++ and not in the page: the command line says the verdict too (after
// `lrlab run`, and in its --json), and it has no JavaScript; one home serving both means the page
// and the CLI can never word the same run differently. The page receives these words through the
// bindings (bindings/lrlab.cpp) with every verdict and only places them.
#include <string>

#include "core/experiments/diagnosis.h"

namespace lrlab {

struct VerdictWords {
  std::string kind;      // verdict_name(): the id pages and lessons match on
  std::string sentence;  // under the run's chart row: "converging - the loss fell from ..."
  std::string badge;     // beside the run's title: "too short"
  // The colour the verdict is drawn in, as what it means: "slow" (steps too small, blue), "good"
  // (green), "unstable" (vermillion: overshooting, diverged, or a stall after an overshoot),
  // "unknown" (grey). The page maps each tone to one colour.
  std::string tone;
  // Why a stalling run is stuck: stall_cause_name() ("small_steps", "plateau",
  // "settled_higher"); "" for other kinds. The sweep's plateau note reads it.
  std::string cause;
  std::string story;  // the story's clause after "at rate 0.5 ": "the loss is coming down steadily"
  std::string tooltip;  // after a sweep rate's loss in its tooltip: "(stalling)"
  std::string sweep;    // after "is" / "was" in the sweep card: "overshooting (the loss bounces)"
  std::string where;    // where a rate lies on the sweep: "where the sweep stalls", or ""
  // The sweep's lowest-loss rate, after "Lowest loss 0.1 at rate 3, ": "converging steadily".
  std::string at_lowest;
  // The lowest-loss rate in the lesson feedback, after "where the core saw the loss ".
  std::string lowest_seen;
  // The lesson feedback on a run's verdict; "{run}" stands for the run's name.
  std::string lesson;
  std::string summary;  // the command line's line after a run: "verdict: converging - ..."
  // EarlyStopping's stop, also said in the sentence, story, lesson and summary: "stopped early at
  // epoch 23: no improvement for 6 epochs"; "" when the run was not stopped early.
  std::string stop;
  // The sweep chart's shaded regions: neighbouring rates with the same region id ("stall",
  // "overshoot"; "" for none) form one region, labelled only if it reaches the chart's
  // region_edge ("left" or "right"), with the region_label of its highest region_rank member.
  std::string region;
  std::string region_edge;
  std::string region_label;
  int region_rank = 0;
  bool steady = false;  // the run converged steadily: what a sweep recommends
  bool judged = true;   // false: too early to say (nothing to compare with a sweep)
};

VerdictWords word_verdict(const Diagnosis& diagnosis);

}  // namespace lrlab
