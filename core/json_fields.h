#pragma once
// Reads one JSON object field by field, naming each field by its path ("optimizer.beta_1") in
// every error, and rejecting keys nobody asked for (a typo like "learnig_rate" must not be
// silently ignored). RapidJSON stays inside core/*.cpp; this header only forward-declares it.
#include <rapidjson/fwd.h>

#include <set>
#include <string>
#include <vector>

#include "core/param_spec.h"

namespace lrlab {

class JsonFields {
 public:
  // `object` must outlive this reader; `path` is the object's own path ("" at the top level).
  JsonFields(const rapidjson::Value& object, std::string path);

  bool has(const std::string& key) const;
  // Names this object in messages ("sweep.low" rather than "low").
  void rename_path(std::string path) { path_ = std::move(path); }
  std::string path_of(const std::string& key) const;

  double number(const std::string& key, double fallback);
  long long integer(const std::string& key, long long fallback, long long min, long long max);
  bool boolean(const std::string& key, bool fallback);
  std::string text(const std::string& key, const std::string& fallback);
  std::vector<double> numbers(const std::string& key, const std::vector<double>& fallback);
  // The JSON text of each object in the list at `key` (1 to max_items of them), for sections
  // that another parser reads whole.
  std::vector<std::string> object_list(const std::string& key, std::size_t max_items);
  // The child object at `key`; fails unless it is an object. Check has() first.
  JsonFields object(const std::string& key);

  // Reads every parameter of `specs` (defaults for the missing ones) and checks each against its
  // spec, so components described by ParamSpecs need no hand-written reading code.
  ParamValues params(const std::vector<ParamSpec>& specs);

  // Fails on the first key that no call above has read.
  void reject_unknown_keys() const;

 private:
  const rapidjson::Value& field(const std::string& key);
  const rapidjson::Value& object_;
  std::string path_;
  std::set<std::string> read_;
  mutable std::set<std::string> asked_;  // every key looked up: the allowed names in messages
};

// Parses JSON text (NaN and Infinity allowed as tokens, so a NaN rate is reported by its field,
// not as a syntax error); throws Error("settings: JSON syntax error at offset N: ...").
class JsonDocument {
 public:
  explicit JsonDocument(const std::string& text);
  ~JsonDocument();
  JsonDocument(const JsonDocument&) = delete;
  JsonDocument& operator=(const JsonDocument&) = delete;
  JsonFields root();

 private:
  struct Impl;
  Impl* impl_;
};

// The JSON spelling of a value inside messages: strings quoted, numbers in round-trip form.
std::string describe_json(const rapidjson::Value& value);

// Parses `text` into `document` with the project's one set of parse flags (NaN/Infinity accepted,
// full-precision numbers) and one input stream type: each distinct flag set or stream type is
// another copy of RapidJSON's parser in the wasm module. Errors stay in the document
// (HasParseError); JsonDocument is the checking door.
void parse_json_text(rapidjson::Document& document, const std::string& text);

}  // namespace lrlab
