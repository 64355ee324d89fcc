#pragma once
// Every problem lrlab trains on, in one registry: the ones generated from the seed (spiral,
// moons, circles, xor, blobs, sine, linear), the five built-in tables (data/*.csv, see
// data/README.md) and the user's own CSV ("csv"). An entry says where its samples come from; a
// table's samples are given to make_problem() (core/data.h) with the settings, never looked up.
#include <string>
#include <vector>

#include "core/data.h"

namespace lrlab {

class Rng;

enum class ProblemSource {
  Generated,     // drawn from the seed by `generate`
  BuiltInTable,  // data/<name>.csv, of the documented shape and rows
  UserTable,     // the user's CSV: its shape comes from the table and the settings' target, task
};

struct ProblemInfo {
  const char* name;   // problem.name in settings; a built-in table is also data/<name>.csv
  const char* title;  // for people: "Two moons", "Iris (UCI)"
  ProblemSource source;
  ProblemShape shape;  // Generated and BuiltInTable; a UserTable's depends on its table
  int rows;            // BuiltInTable: the documented row count; else 0
  Dataset (*generate)(int samples, double noise, Rng& rng);  // Generated only, else null
  bool needs_table() const { return source != ProblemSource::Generated; }
};

// The registry, generated problems first, then the built-in tables, then "csv".
const std::vector<ProblemInfo>& problem_registry();
// The entry named `name`, or an Error naming "problem.name" with every allowed name.
const ProblemInfo& find_problem(const std::string& name);

constexpr const char* kUserCsvProblem = "csv";

}  // namespace lrlab
