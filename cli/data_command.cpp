#include "cli/data_command.h"

#include <Eigen/Core>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli/data_files.h"
#include "cli/settings_input.h"
#include "core/data.h"
#include "core/error.h"
#include "core/problems.h"
#include "core/settings.h"

namespace lrlab {

namespace {

const char* const kDataUsage =
    R"(lrlab data: print the samples a run trains and validates on, as CSV.

usage:
  lrlab data [SETTINGS.json] [--problem NAME] [--seed N] [--split train|validation|all]
             [--data FILE.csv] [--data-dir DIR] [--run N] [-o FILE]
  lrlab data SEED           the default problem's samples for this seed (same as --seed SEED)
  lrlab data --help

The samples are the ones 'lrlab run' with the same settings trains on, in the core's order
(before any epoch's shuffle): the problem named by SETTINGS.json (default: 'lrlab defaults'),
or by --problem NAME (a generated problem: spiral, moons, circles, xor, blobs, sine, linear; or a
table: iris, wine, breast_cancer, digits, diabetes, csv), drawn and split with the settings'
seed or --seed N. SETTINGS.json may also be a CSV exported from the page (--run N picks the run).
A table's features are standardized with its training part's statistics, and a regression
table's target too, exactly as the core trains on them.

One row per sample: a header, then the features x0, x1, ..., then the target y, then the split
("train" or "validation"). y is 0 or 1 for two classes, the class index 0..K-1 for K classes,
the value for regression. Numbers are written with 17 significant digits: read back as float64
they are the core's doubles bit for bit. --split picks one part (default: all, training first).
)";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "lrlab: data: %s\n(run 'lrlab data --help' for usage)\n", message.c_str());
  return 2;
}

bool all_digits(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

// The sample's target as one number: the class index for one-hot (multi-class) targets.
double target_of(const Dataset& d, Eigen::Index i) {
  if (d.task != Task::MultiClass) return d.y(0, i);
  Eigen::Index k = 0;
  d.y.col(i).maxCoeff(&k);
  return static_cast<double>(k);
}

void write_rows(std::FILE* out, const Dataset& d, const char* split) {
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    for (Eigen::Index f = 0; f < d.inputs(); ++f) std::fprintf(out, "%.17g,", d.x(f, i));
    std::fprintf(out, "%.17g,%s\n", target_of(d, i), split);
  }
}

}  // namespace

int data_command(int argc, char** argv) {
  std::string settings_path, problem_name, split = "all";
  SettingsOptions options;
  options.data_dir = default_data_dir();
  std::string seed_text;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kDataUsage, stdout);
      return 0;
    } else if (arg == "--problem" && has_value) {
      problem_name = argv[++i];
    } else if (arg == "--seed" && has_value) {
      seed_text = argv[++i];
      if (!all_digits(seed_text) || seed_text.size() > 19)
        return usage_error("--seed: " + seed_text + " is not allowed (must be an integer >= 0)");
    } else if (arg == "--split" && has_value) {
      split = argv[++i];
      if (split != "train" && split != "validation" && split != "all")
        return usage_error("--split: " + split +
                           " is not allowed (must be train, validation or all)");
    } else if (std::string error; read_settings_option(argc, argv, i, options, error)) {
      if (!error.empty()) return usage_error(error);
    } else if (settings_path.empty() && seed_text.empty() && all_digits(arg)) {
      seed_text = arg;  // the older form, `lrlab data SEED`
    } else if (settings_path.empty() && (arg == "-" || arg[0] != '-')) {
      settings_path = arg;
    } else {
      return usage_error("unexpected argument '" + arg + "'");
    }
  }

  // The user's table first: with --data the problem is that file (its target and task from the
  // settings, else inferred), whatever the settings named.
  TableRef table;
  if (!options.data_path.empty()) table = read_user_csv(options.data_path);
  Settings settings = default_settings();
  if (!settings_path.empty()) {
    std::string text = settings_text(settings_path, static_cast<int>(options.run_number));
    if (table) text = on_user_csv(text);
    settings = parse_settings(text, table);
  } else if (options.run_number > 0) {
    return usage_error("--run needs an exported CSV");
  }
  if (table && !problem_name.empty() && problem_name != kUserCsvProblem)
    return usage_error("--data: the problem is \"" + problem_name +
                       "\"; a CSV given with --data is the problem \"csv\"");
  if (!problem_name.empty()) settings.problem.name = problem_name;
  if (table) settings.problem.name = kUserCsvProblem;
  if (!seed_text.empty()) settings.seed = std::strtoull(seed_text.c_str(), nullptr, 10);
  if (!table) table = built_in_table(settings, options.data_dir);
  const Problem problem = make_problem(settings.problem, settings.seed, table);

  std::FILE* out = stdout;
  if (!options.out_path.empty()) {
    out = std::fopen(options.out_path.c_str(), "wb");
    if (!out) throw Error(options.out_path + ": cannot write this file");
  }
  for (Eigen::Index f = 0; f < problem.train.inputs(); ++f)
    std::fprintf(out, "x%ld,", static_cast<long>(f));
  std::fputs("y,split\n", out);
  if (split != "validation") write_rows(out, problem.train, "train");
  if (split != "train") write_rows(out, problem.val, "validation");
  if (out != stdout) std::fclose(out);
  return 0;
}

}  // namespace lrlab
