#include "cli/sweep_command.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli/data_files.h"
#include "cli/settings_input.h"
#include "core/datasets.h"
#include "core/error.h"
#include "core/experiments/sweep.h"
#include "core/problems.h"
#include "core/settings.h"

namespace lrlab {

namespace {

const char* const kSweepUsage =
    R"(lrlab sweep: train a fresh network per learning rate, as the page's sweep does.

usage:
  lrlab sweep SETTINGS.json [--low X] [--high X] [--count N] [--epochs N]
              [--data FILE.csv] [--data-dir DIR] [--run N] [-o FILE]
  lrlab sweep --help

For N rates spaced evenly in log between --low and --high, trains the settings' network from the
same initial weights for --epochs epochs each. The defaults are the page's: 64 rates from 1e-4 to
100 for 50 epochs, or on a real table (iris, wine, breast_cancer, digits, diabetes, csv) 24 rates
for 20 epochs. SETTINGS.json, --data, --data-dir and --run are read as 'lrlab run' reads them.

One CSV row per rate: rate, verdict (converging, stalling, overshooting, diverged, too_short),
final_train_loss, final_val_loss, final_val_accuracy (empty for regression or without a
validation set), diverged_epoch (empty if it did not), recommended (1 for the recommended rate),
about_as_well (1 for the rates that do about as well). The recommendation: the lowest final
validation loss (the training loss without a validation set) among the rates that neither
diverged nor overshoot; about as well: the unbroken band of such rates around it within 20% of
it. A sentence on standard error says the same.
)";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "lrlab: sweep: %s\n(run 'lrlab sweep --help' for usage)\n", message.c_str());
  return 2;
}

// A number for a flag, or false.
bool parse_number(const char* text, double& out) {
  char* end = nullptr;
  out = std::strtod(text, &end);
  return *text != '\0' && *end == '\0';
}

bool parse_count(const char* text, int& out) {
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < -1000000000L || value > 1000000000L) return false;
  out = static_cast<int>(value);
  return true;
}

std::string cell(double value) {
  if (std::isnan(value)) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

// Three significant digits, for the sentence (the CSV keeps every digit).
std::string short_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

const char* measure_words(const std::string& measure) {
  return measure == "val_loss" ? "validation loss" : "training loss";
}

}  // namespace

int sweep_command(int argc, char** argv) {
  std::string settings_path;
  SettingsOptions options;
  options.data_dir = default_data_dir();
  double low = NAN, high = NAN;
  int count = 0, epochs = 0;  // 0: the page's default
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kSweepUsage, stdout);
      return 0;
    } else if ((arg == "--low" || arg == "--high") && has_value) {
      if (!parse_number(argv[++i], arg == "--low" ? low : high))
        return usage_error(arg + ": " + argv[i] + " is not a number");
    } else if ((arg == "--count" || arg == "--epochs") && has_value) {
      if (!parse_count(argv[++i], arg == "--count" ? count : epochs) ||
          (arg == "--count" ? count : epochs) < 1)
        return usage_error(arg + ": " + argv[i] + " is not allowed (must be an integer >= 1)");
    } else if (std::string error; read_settings_option(argc, argv, i, options, error)) {
      if (!error.empty()) return usage_error(error);
    } else if (settings_path.empty() && (arg == "-" || arg[0] != '-')) {
      settings_path = arg;
    } else {
      return usage_error("unexpected argument '" + arg + "'");
    }
  }
  if (settings_path.empty()) return usage_error("sweep needs a settings file");

  // --data FILE.csv: the problem is that file whatever the settings named (as for run).
  TableRef table;
  std::string text = settings_text(settings_path, static_cast<int>(options.run_number));
  if (!options.data_path.empty()) {
    table = read_user_csv(options.data_path);
    text = on_user_csv(text);
  }
  const Settings settings = parse_settings(text, table);
  if (!table) table = built_in_table(settings, options.data_dir);

  // The page's sweep (web/page/sweep-client.js, SWEEP_OPTIONS and REAL_SWEEP_OPTIONS).
  const bool real = find_problem(settings.problem.name).needs_table();
  SweepConfig config;
  config.low = std::isnan(low) ? 1e-4 : low;
  config.high = std::isnan(high) ? 100 : high;
  config.count = count > 0 ? count : real ? 24 : 64;
  config.epochs = epochs > 0 ? epochs : real ? 20 : 50;

  LrSweep sweep(settings, config, sweep_every_rate(config), table);
  sweep.run_all();
  const SweepResult& r = sweep.result();
  const SweepRecommendation& rec = r.recommendation;

  std::FILE* out = stdout;
  if (!options.out_path.empty()) {
    out = std::fopen(options.out_path.c_str(), "wb");
    if (!out) throw Error(options.out_path + ": cannot write this file");
  }
  std::fputs(
      "rate,verdict,final_train_loss,final_val_loss,final_val_accuracy,diverged_epoch,"
      "recommended,about_as_well\n",
      out);
  for (std::size_t j = 0; j < r.rates.size(); ++j) {
    const long at = static_cast<long>(j);
    const bool diverged = r.diverged[j] != 0;
    std::fprintf(out, "%s,%s,%s,%s,%s,%s,%d,%d\n", cell(r.rates[j]).c_str(), r.verdict[j].c_str(),
                 cell(r.final_train_loss[j]).c_str(), cell(r.final_val_loss[j]).c_str(),
                 cell(r.final_val_accuracy[j]).c_str(),
                 diverged ? cell(r.diverged_epoch[j]).c_str() : "", at == rec.index ? 1 : 0,
                 at >= rec.band_low && at <= rec.band_high ? 1 : 0);
  }
  if (out != stdout) std::fclose(out);

  if (rec.index < 0) {
    std::fprintf(stderr, "lrlab: no rate to recommend: every rate diverged or overshoots\n");
    return 0;
  }
  const std::size_t best = static_cast<std::size_t>(rec.index);
  std::string sentence = "recommended rate " + short_number(r.rates[best]) + ": the lowest " +
                         measure_words(rec.measure) + " after " + std::to_string(config.epochs) +
                         " epochs (" + short_number(rec.value) + ")";
  if (std::isfinite(r.final_val_accuracy[best]))
    sentence += ", validation accuracy " + short_number(100 * r.final_val_accuracy[best]) + "%";
  sentence += ", among the rates that neither diverge nor overshoot";
  if (rec.band_low != rec.band_high)
    sentence += "; rates " + short_number(r.rates[static_cast<std::size_t>(rec.band_low)]) +
                " to " + short_number(r.rates[static_cast<std::size_t>(rec.band_high)]) +
                " do about as well (within " +
                format_number(100 * SweepRecommendation::kAboutAsWell) + "%)";
  std::fprintf(stderr, "lrlab: %s\n", sentence.c_str());
  return 0;
}

}  // namespace lrlab
