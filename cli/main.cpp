// lrlab: the native command line. Reproduces a page run from its settings JSON and writes the
// history, so an engineer can check the page's numbers (they match bit for bit).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>

#include "cli/data_command.h"
#include "cli/data_files.h"
#include "cli/export_settings.h"
#include "cli/history_writer.h"
#include "cli/sweep_command.h"
#include "core/data.h"
#include "core/error.h"
#include "core/experiments/diagnosis.h"
#include "core/settings.h"
#include "core/trainer.h"
#include "core/words/verdict_words.h"

namespace {

const char* const kUsage = R"(lrlab: train a network from a settings JSON and print its history.

usage:
  lrlab run SETTINGS.json [--json] [--epochs N] [--steps] [--sharpness] [-o FILE]
  lrlab run RUNS.csv --run N [...]   run N of a CSV exported from the page
  lrlab run SETTINGS.json --data FILE.csv [...]   on your own CSV (the problem "csv")
  lrlab defaults            print the default settings as JSON (a starting point to edit)
  lrlab validate SETTINGS.json
  lrlab data [SETTINGS.json] [--problem NAME] [--seed N] [--split train|validation|all]
                            print a problem's training and validation samples as CSV
                            ('lrlab data --help' says more)
  lrlab sweep SETTINGS.json [--low X] [--high X] [--count N] [--epochs N]
                            the page's LR sweep: one CSV row per rate and the recommended
                            rate ('lrlab sweep --help' says more)
  lrlab --help

run writes one row per epoch as CSV (epoch, learning_rate, train_loss, val_loss, accuracy,
val_accuracy), or the whole history as JSON with --json (per-step series, events and the
verdict included). After the run, stderr says the verdict in a line ("lrlab: verdict: ...").
--steps writes the per-step series as CSV instead. --sharpness writes the sharpness measurements
as CSV instead (epoch, step, sharpness, sharpness_preconditioned, sharpness_threshold, iterations;
the settings' "sharpness": {"enabled": true} turns them on, and --sharpness alone turns them on
with the default cadence). --epochs overrides the settings' epoch count.
SETTINGS.json is the core's settings JSON, the form the page validates each run's settings in
(every field optional; 'lrlab defaults' prints them all); "-" reads it from standard input.
Its "changes" list, [{"epoch": 120, "optimizer": {"learning_rate": 10}}, ...], replays changes
made while a run trained (a page run changed live, a branch) where they were made.
RUNS.csv is a file saved with the page's 'Export runs (CSV)' button: its "# settings run N:"
lines hold each run's settings, and --run N picks one (it may be left out when the file holds
one run). --data FILE.csv trains on your own table as the problem "csv", whatever problem the
settings name (its target column and task are the settings' problem.target and problem.task, or
inferred from the file when they are not given); the built-in tables (iris, wine,
breast_cancer, digits, diabetes) are read from data/ in the source tree, or --data-dir DIR, or
$LRLAB_DATA_DIR. Progress goes to stderr for long runs. Exit status: 0 on success (a diverged run is a
result, not a failure), 1 on bad settings, 2 on usage errors.
)";

std::string read_all(const std::string& path) {
  if (path == "-") {
    std::stringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw lrlab::Error(path + ": cannot open this file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "lrlab: %s\n(run 'lrlab --help' for usage)\n", message.c_str());
  return 2;
}

int run(int argc, char** argv) {
  std::string settings_path, out_path, data_path, data_dir = lrlab::default_data_dir();
  bool as_json = false, steps = false, sharpness = false;
  long epochs = -1;
  long run_number = 0;  // 0: not given
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") {
      as_json = true;
    } else if (arg == "--steps") {
      steps = true;
    } else if (arg == "--sharpness") {
      sharpness = true;
    } else if (arg == "--epochs" && i + 1 < argc) {
      char* end = nullptr;
      epochs = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || epochs < 1 || epochs > lrlab::Settings::kMaxEpochs)
        return usage_error(std::string("--epochs: ") + argv[i] + " is not allowed (must be 1.." +
                           std::to_string(lrlab::Settings::kMaxEpochs) + ")");
    } else if (arg == "--run" && i + 1 < argc) {
      char* end = nullptr;
      run_number = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || run_number < 1 || run_number > 1000)
        return usage_error(std::string("--run: ") + argv[i] + " is not allowed (must be 1..1000)");
    } else if (arg == "-o" && i + 1 < argc) {
      out_path = argv[++i];
    } else if (arg == "--data" && i + 1 < argc) {
      data_path = argv[++i];
    } else if (arg == "--data-dir" && i + 1 < argc) {
      data_dir = argv[++i];
    } else if (settings_path.empty() && (arg == "-" || arg[0] != '-')) {
      settings_path = arg;
    } else {
      return usage_error("unexpected argument '" + arg + "'");
    }
  }
  if (settings_path.empty()) return usage_error("run needs a settings file");

  std::string text = read_all(settings_path);
  if (lrlab::is_runs_export(text))
    text = lrlab::settings_from_export(text, static_cast<int>(run_number), settings_path);
  else if (run_number > 0)
    return usage_error("--run: " + settings_path + " is a settings file, not an exported CSV");
  // --data FILE.csv is the request to train on that file: the problem becomes "csv" whatever the
  // settings named, with their problem.target and problem.task (else inferred from the file).
  lrlab::TableRef table;
  if (!data_path.empty()) {
    table = lrlab::read_user_csv(data_path);
    text = lrlab::on_user_csv(text);
  }
  lrlab::Settings settings = lrlab::parse_settings(text, table);
  if (sharpness) settings.sharpness.enabled = true;
  if (!table) table = lrlab::built_in_table(settings, data_dir);
  lrlab::Trainer trainer(settings, table);
  const long total = epochs > 0 ? epochs : settings.epochs;
  const bool show_progress = total >= 200;
  // A terminal gets one line rewritten in place; a log or a pipe gets one whole line per report
  // (a carriage return there runs the reports together into one line).
  const bool in_place = isatty(fileno(stderr)) != 0;
  bool progress_shown = false;
  for (long done = 0; done < total && !trainer.stopped(); ++done) {
    trainer.epoch();
    if (show_progress && (done + 1) % 100 == 0) {
      std::fprintf(stderr, in_place ? "\rlrlab: epoch %ld/%ld" : "lrlab: epoch %ld/%ld\n", done + 1,
                   total);
      progress_shown = true;
    }
  }
  if (in_place && progress_shown) std::fprintf(stderr, "\n");

  std::ofstream file;
  if (!out_path.empty()) {
    file.open(out_path, std::ios::binary);
    if (!file) throw lrlab::Error(out_path + ": cannot write this file");
  }
  std::ostream& out = out_path.empty() ? std::cout : file;
  // The verdict as the page's card would say it (no rate named: a schedule may have set many).
  const lrlab::Diagnosis diagnosis = lrlab::diagnose(
      trainer.history(), std::numeric_limits<double>::quiet_NaN(),
      trainer.history().initial_train_loss, std::numeric_limits<double>::quiet_NaN());
  if (as_json)
    lrlab::write_history_json(out, settings, trainer.history(), diagnosis);
  else if (sharpness)
    lrlab::write_sharpness_csv(out, trainer.history());
  else if (steps)
    lrlab::write_steps_csv(out, trainer.history());
  else
    lrlab::write_epochs_csv(out, trainer.history());
  for (const lrlab::Event& event : trainer.history().events)
    if (event.kind != lrlab::Event::Kind::PlateauReduction)
      std::fprintf(stderr, "lrlab: %s\n", event.message.c_str());
  std::fprintf(stderr, "lrlab: %s\n", lrlab::word_verdict(diagnosis).summary.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage_error("no command given");
  const std::string command = argv[1];
  try {
    if (command == "--help" || command == "-h" || command == "help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (command == "run") return run(argc, argv);
    if (command == "defaults") {
      std::puts(lrlab::settings_to_json(lrlab::default_settings()).c_str());
      return 0;
    }
    if (command == "validate") {
      if (argc < 3) return usage_error("validate needs a settings file");
      lrlab::parse_settings(read_all(argv[2]));
      std::puts("ok");
      return 0;
    }
    if (command == "data") return lrlab::data_command(argc, argv);
    if (command == "sweep") return lrlab::sweep_command(argc, argv);
    return usage_error("unknown command '" + command + "'");
  } catch (const lrlab::Error& error) {
    std::fprintf(stderr, "lrlab: %s\n", error.what());
    return 1;
  }
}
