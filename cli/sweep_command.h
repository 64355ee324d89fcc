#pragma once
// `lrlab sweep`: the page's LR sweep from a settings file, one CSV row per rate (its losses,
// validation accuracy and verdict), with the core's recommended rate and the rates that do about
// as well, so an engineer can check the page's sweep card from the command line.
namespace lrlab {

// argv[1] is "sweep". Returns the exit status: 0, 1 (bad settings or data), 2 (usage).
int sweep_command(int argc, char** argv);

}  // namespace lrlab
