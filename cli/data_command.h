#pragma once
// `lrlab data`: the samples a run trains and validates on, as CSV, for any problem (generated
// from the seed, a built-in table, or the user's CSV), so code outside lrlab (an exported Keras or
// PyTorch listing) can train on exactly what the core trained on.
namespace lrlab {

// argv[1] is "data". Returns the exit status: 0, 1 (bad settings or data), 2 (usage).
int data_command(int argc, char** argv);

}  // namespace lrlab
