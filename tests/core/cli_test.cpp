// The native CLI as an engineer uses it: `lrlab run settings.json` on the sample settings under
// tests/data/settings (the same files the wasm parity test replays), its CSV and JSON outputs,
// the per-step CSV, readable errors with a non-zero exit for bad files, and --help.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/cli_runner.h"

namespace {

using Result = lrlab_test::CliResult;
using lrlab_test::read_file;
using lrlab_test::run_cli;

const std::string kData = std::string(LRLAB_SOURCE_DIR) + "/tests/data/settings/";

std::string temp_path(const std::string& name) {
  return lrlab_test::temp_path("lrlab_cli_test_", name);
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.push_back("");
  return cells;
}

double number_of(const std::string& cell) {
  char* end = nullptr;
  const double value = std::strtod(cell.c_str(), &end);
  EXPECT_TRUE(!cell.empty() && *end == '\0') << "not a number: \"" << cell << "\"";
  return value;
}

const char* const kEpochHeader = "epoch,learning_rate,train_loss,val_loss,accuracy,val_accuracy";
const char* const kStepHeader =
    "step,learning_rate,loss,step_size_min,step_size_median,step_size_max";

TEST(Cli, RunWritesOneCsvRowPerEpoch) {
  const Result r = run_cli("run '" + kData + "spiral-sgd.json'");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 31u);  // header + 30 epochs
  EXPECT_EQ(lines[0], kEpochHeader);
  for (std::size_t e = 1; e < lines.size(); ++e) {
    const std::vector<std::string> cells = cells_of(lines[e]);
    ASSERT_EQ(cells.size(), 6u) << lines[e];
    EXPECT_EQ(cells[0], std::to_string(e - 1));
    EXPECT_EQ(number_of(cells[1]), 0.1);  // 17 digits round-trip to the same double
    const double train = number_of(cells[2]), val = number_of(cells[3]);
    EXPECT_TRUE(std::isfinite(train) && train > 0);
    EXPECT_TRUE(std::isfinite(val) && val > 0);
    for (int c : {4, 5}) {
      const double accuracy = number_of(cells[c]);
      EXPECT_GE(accuracy, 0);
      EXPECT_LE(accuracy, 1);
    }
  }
  // No events, no progress line for a short run: only the verdict, as --json has it.
  const Result json = run_cli("run '" + kData + "spiral-sgd.json' --json");
  rapidjson::Document doc;
  doc.Parse(json.out.c_str());
  ASSERT_FALSE(doc.HasParseError()) << "offset " << doc.GetErrorOffset();
  EXPECT_EQ(r.err,
            "lrlab: verdict: " + std::string(doc["diagnosis"]["sentence"].GetString()) + "\n");
}

// A schedule-free run also writes its losses at the weights it reports (x): two more columns,
// the same numbers as its --json history; other runs keep the six columns.
TEST(Cli, AScheduleFreeRunWritesItsLossesAtTheReportedWeights) {
  const Result r = run_cli("run '" + kData + "sine-schedule-free-sgd.json'");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 11u);  // header + 10 epochs
  EXPECT_EQ(lines[0], std::string(kEpochHeader) + ",reported_train_loss,reported_val_loss");
  const Result json = run_cli("run '" + kData + "sine-schedule-free-sgd.json' --json");
  ASSERT_EQ(json.status, 0) << json.err;
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseFullPrecisionFlag>(json.out.c_str());  // 17 digits, exactly
  ASSERT_FALSE(doc.HasParseError());
  const auto& history = doc["history"];
  for (std::size_t e = 1; e < lines.size(); ++e) {
    const std::vector<std::string> cells = cells_of(lines[e]);
    ASSERT_EQ(cells.size(), 8u) << lines[e];
    EXPECT_EQ(number_of(cells[6]), history["reported_train_loss"][e - 1].GetDouble());
    EXPECT_EQ(number_of(cells[7]), history["reported_val_loss"][e - 1].GetDouble());
    EXPECT_NE(cells[6], cells[2]) << "x is not y";
  }
  EXPECT_EQ(lines_of(run_cli("run '" + kData + "spiral-sgd.json'").out)[0], kEpochHeader);
}

// After a run the CLI says the core's verdict (stderr, so the CSV on stdout stays a table), and
// --json carries it with its evidence.
TEST(Cli, RunSaysTheVerdict) {
  const Result json = run_cli("run '" + kData + "linear-full-batch-diverges.json' --json");
  ASSERT_EQ(json.status, 0) << json.err;
  rapidjson::Document doc;
  doc.Parse(json.out.c_str());
  ASSERT_FALSE(doc.HasParseError()) << "offset " << doc.GetErrorOffset();
  const int epoch = doc["history"]["diverged_epoch"].GetInt();
  const auto& diagnosis = doc["diagnosis"];
  EXPECT_STREQ(diagnosis["verdict"].GetString(), "diverged");
  EXPECT_EQ(diagnosis["evidence"]["diverged_epoch"].GetInt(), epoch);
  EXPECT_EQ(diagnosis["evidence"]["epochs"].GetInt(), epoch);  // its finished epochs
  const std::string sentence = diagnosis["sentence"].GetString();
  // Said 1-based: the epoch it blew up in.
  EXPECT_NE(sentence.find("became infinite at epoch " + std::to_string(epoch + 1) + "."),
            std::string::npos)
      << sentence;

  const Result csv = run_cli("run '" + kData + "linear-full-batch-diverges.json'");
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(lines_of(csv.out)[0], kEpochHeader);
  const std::vector<std::string> said = lines_of(csv.err);
  ASSERT_FALSE(said.empty());
  EXPECT_EQ(said.back(), "lrlab: verdict: " + sentence);
}

TEST(Cli, EpochsFlagOverridesTheSettings) {
  const Result r = run_cli("run '" + kData + "spiral-sgd.json' --epochs 4");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(lines_of(r.out).size(), 5u);
  const Result bad = run_cli("run '" + kData + "spiral-sgd.json' --epochs 0");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--epochs"), std::string::npos) << bad.err;
}

TEST(Cli, StepsGivesOneRowPerStep) {
  const Result r = run_cli("run '" + kData + "spiral-sgd.json' --steps");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  // 400 samples, 320 for training, batches of 32: 10 steps per epoch, 30 epochs.
  ASSERT_EQ(lines.size(), 1u + 300u);
  EXPECT_EQ(lines[0], kStepHeader);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = cells_of(lines[i]);
    ASSERT_EQ(cells.size(), 6u) << lines[i];
    EXPECT_EQ(number_of(cells[0]), static_cast<double>(i));  // update count t, from 1
    EXPECT_EQ(number_of(cells[1]), 0.1);
    EXPECT_GT(number_of(cells[2]), 0);
    EXPECT_LE(number_of(cells[3]), number_of(cells[4]));  // min <= median <= max
    EXPECT_LE(number_of(cells[4]), number_of(cells[5]));
  }
}

TEST(Cli, JsonOutputParsesAndCarriesTheHistory) {
  const Result r = run_cli("run '" + kData + "moons-adam-cosine-plateau.json' --json");
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());  // strict JSON: no NaN or Infinity tokens
  ASSERT_FALSE(doc.HasParseError()) << "offset " << doc.GetErrorOffset();
  ASSERT_TRUE(doc.IsObject());
  ASSERT_TRUE(doc.HasMember("settings"));
  ASSERT_TRUE(doc.HasMember("history"));
  const auto& settings = doc["settings"];
  EXPECT_STREQ(settings["optimizer"]["name"].GetString(), "adam");
  EXPECT_STREQ(settings["schedule"]["name"].GetString(), "cosine");
  EXPECT_TRUE(settings["plateau"]["enabled"].GetBool());
  EXPECT_EQ(settings["epochs"].GetInt(), 30);

  const auto& h = doc["history"];
  for (const char* key : {"train_loss", "val_loss", "accuracy", "val_accuracy", "learning_rate"}) {
    ASSERT_TRUE(h.HasMember(key)) << key;
    EXPECT_EQ(h[key].Size(), 30u) << key;
  }
  // 240 training samples in batches of 32: 8 steps per epoch.
  for (const char* key : {"step_index", "step_loss", "step_learning_rate", "step_size_median"}) {
    ASSERT_TRUE(h.HasMember(key)) << key;
    EXPECT_EQ(h[key].Size(), 240u) << key;
  }
  EXPECT_EQ(h["learning_rate"][0].GetDouble(), 0.03);  // cosine at s = 0 is lr0
  EXPECT_FALSE(h["diverged"].GetBool());
  EXPECT_EQ(h["diverged_epoch"].GetInt(), -1);
  ASSERT_TRUE(h["events"].IsArray());
  ASSERT_GT(h["events"].Size(), 0u);  // patience 1 on a noisy validation loss: cuts happen
  for (const auto& event : h["events"].GetArray()) {
    EXPECT_STREQ(event["kind"].GetString(), "plateau_reduction");
    const double old_lr = event["old_lr"].GetDouble();  // factor 0.5, min_lr 0.0005
    EXPECT_EQ(event["new_lr"].GetDouble(), std::max(0.5 * old_lr, 0.0005));
    EXPECT_GT(std::string(event["message"].GetString()).size(), 0u);
  }
}

// EarlyStopping ends `lrlab run` before its 200 planned epochs; the JSON's event says where, the
// wait against patience and the epoch whose weights came back, and stderr says it in words.
TEST(Cli, EarlyStoppingStopsTheRunAndRecordsWhere) {
  const Result r = run_cli("run '" + kData + "moons-sgd-early-stopping.json' --json");
  ASSERT_EQ(r.status, 0) << r.err;
  rapidjson::Document doc;
  doc.Parse(r.out.c_str());
  ASSERT_FALSE(doc.HasParseError());
  const auto& h = doc["history"];
  const auto& events = h["events"].GetArray();
  ASSERT_GT(events.Size(), 0u);
  const auto& stop = events[events.Size() - 1];
  EXPECT_STREQ(stop["kind"].GetString(), "early_stop");
  const int epoch = stop["epoch"].GetInt();
  EXPECT_LT(epoch, 199);
  EXPECT_EQ(h["train_loss"].Size(), static_cast<unsigned>(epoch + 1));
  EXPECT_EQ(stop["patience"].GetInt(), 6);
  EXPECT_GE(stop["wait"].GetInt(), 6);
  EXPECT_TRUE(stop["restored_best_weights"].GetBool());
  const int best_epoch = stop["best_epoch"].GetInt();
  ASSERT_GE(best_epoch, 5);  // start_from_epoch 5
  ASSERT_LT(best_epoch, epoch);
  // The best is the lowest validation loss from epoch 5 on (min_delta 0.001 aside: it is the
  // last epoch that beat the best by more than that, so no later one is lower by 0.001).
  const double best = stop["best"].GetDouble();
  EXPECT_EQ(best, h["val_loss"][best_epoch].GetDouble());
  for (int e = 5; e <= epoch; ++e) EXPECT_GT(h["val_loss"][e].GetDouble() + 0.001, best) << e;
  EXPECT_NE(r.err.find("lrlab: stopped early after epoch " + std::to_string(epoch + 1) +
                       ": val_loss did not improve for"),
            std::string::npos)
      << r.err;
}

TEST(Cli, ADivergedRunIsAResultNotAFailure) {
  const Result csv = run_cli("run '" + kData + "linear-full-batch-diverges.json'");
  ASSERT_EQ(csv.status, 0) << csv.err;
  const std::vector<std::string> lines = lines_of(csv.out);
  EXPECT_EQ(lines[0], kEpochHeader);
  EXPECT_GT(lines.size(), 2u);
  EXPECT_LT(lines.size(), 31u);  // stopped before the 30 planned epochs
  for (std::size_t e = 1; e < lines.size(); ++e) {
    const std::vector<std::string> cells = cells_of(lines[e]);
    ASSERT_EQ(cells.size(), 6u) << lines[e];
    EXPECT_EQ(cells[4], "");  // regression: no accuracy, an empty cell
    EXPECT_EQ(cells[5], "");
  }
  EXPECT_NE(csv.err.find("diverged at epoch " + std::to_string(lines.size() - 1)),
            std::string::npos)
      << csv.err;

  const Result json = run_cli("run '" + kData + "linear-full-batch-diverges.json' --json");
  ASSERT_EQ(json.status, 0);
  rapidjson::Document doc;
  doc.Parse(json.out.c_str());
  ASSERT_FALSE(doc.HasParseError()) << "offset " << doc.GetErrorOffset();
  const auto& h = doc["history"];
  EXPECT_TRUE(h["diverged"].GetBool());
  EXPECT_EQ(h["diverged_epoch"].GetInt(), static_cast<int>(lines.size() - 1));
  EXPECT_EQ(h["train_loss"].Size(), lines.size() - 1);
  ASSERT_EQ(h["events"].Size(), 1u);
  EXPECT_STREQ(h["events"][0]["kind"].GetString(), "diverged");
}

TEST(Cli, MalformedJsonGivesAReadableErrorAndExitOne) {
  const std::string path = write_temp("malformed.json", R"({"seed": 1, "problem": {"name": )");
  const Result r = run_cli("run '" + path + "'");
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("lrlab: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("JSON"), std::string::npos) << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;  // one line, not a dump
}

TEST(Cli, ANegativeRateNamesTheFieldAndExitsOne) {
  const std::string path = write_temp(
      "negative_rate.json", R"({"optimizer": {"name": "sgd", "learning_rate": -1}, "epochs": 2})");
  const Result r = run_cli("run '" + path + "'");
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("optimizer.learning_rate"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("-1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("> 0"), std::string::npos) << r.err;  // the allowed range
}

TEST(Cli, AMissingFileAndBadUsageFailClearly) {
  const Result missing = run_cli("run '" + temp_path("does-not-exist.json") + "'");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos) << missing.err;
  const Result no_file = run_cli("run");
  EXPECT_EQ(no_file.status, 2);
  const Result unknown = run_cli("frobnicate");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("frobnicate"), std::string::npos);
}

TEST(Cli, HelpExitsZeroAndExplainsRun) {
  const Result r = run_cli("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("run"), std::string::npos);
  EXPECT_NE(r.out.find("--json"), std::string::npos);
  EXPECT_NE(r.out.find("--steps"), std::string::npos);
}

TEST(Cli, ValidateAcceptsEverySampleSettingsFile) {
  for (const char* name :
       {"spiral-sgd.json", "linear-full-batch-diverges.json", "moons-adam-cosine-plateau.json"}) {
    const Result r = run_cli("validate '" + kData + name + "'");
    EXPECT_EQ(r.status, 0) << name << ": " << r.err;
    EXPECT_EQ(r.out, "ok\n") << name;
  }
}

}  // namespace

// The page's "Export runs (CSV)" file: comment lines with each run's settings before the rows
// (web/export.js). `lrlab run FILE --run N` trains run N's settings, exactly as the settings file.
TEST(Cli, RunsAnExportedCsvByRunNumber) {
  const std::string first = read_file(kData + "spiral-sgd.json");
  const std::string second = read_file(kData + "moons-adam-cosine-plateau.json");
  auto one_line = [](std::string json) {
    json.erase(std::remove(json.begin(), json.end(), '\n'), json.end());
    return json;
  };
  const std::string path =
      write_temp("export.csv",
                 "# lrlab runs: one row per finished epoch per run\n# run 1: 3 epochs\n"
                 "# settings run 1: " +
                     one_line(first) +
                     "\n"
                     "# settings run 2: " +
                     one_line(second) +
                     "\n"
                     "run,rate,epoch,learning_rate,train_loss,val_loss,accuracy,val_accuracy\n"
                     "1,0.1,1,0.1,0.7,0.7,0.5,0.5\n");
  const Result run2 = run_cli("run '" + path + "' --run 2 --json");
  const Result direct = run_cli("run '" + kData + "moons-adam-cosine-plateau.json' --json");
  ASSERT_EQ(run2.status, 0) << run2.err;
  EXPECT_EQ(run2.out, direct.out);  // the same settings, the same history, byte for byte
  const Result run1 = run_cli("run '" + path + "' --run 1 --epochs 3");
  ASSERT_EQ(run1.status, 0) << run1.err;
  EXPECT_EQ(run1.out, run_cli("run '" + kData + "spiral-sgd.json' --epochs 3").out);

  // Several runs and no choice, or a run the file does not have: exit 1, the runs listed.
  const Result unchosen = run_cli("run '" + path + "'");
  EXPECT_EQ(unchosen.status, 1);
  EXPECT_NE(unchosen.err.find("2 runs (1, 2): choose one with --run N"), std::string::npos)
      << unchosen.err;
  const Result missing = run_cli("run '" + path + "' --run 5");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("--run: 5 is not in"), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("it has run 1, 2"), std::string::npos) << missing.err;
  // --run belongs to exported files only; 0 is not a run.
  EXPECT_EQ(run_cli("run '" + kData + "spiral-sgd.json' --run 1").status, 2);
  EXPECT_EQ(run_cli("run '" + path + "' --run 0").status, 2);
  std::remove(path.c_str());
}
