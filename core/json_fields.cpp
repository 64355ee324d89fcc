#include "core/json_fields.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace lrlab {

namespace {
constexpr unsigned kParseFlags =
    rapidjson::kParseNanAndInfFlag | rapidjson::kParseFullPrecisionFlag;

// RapidJSON's parser, its writer and CopyFrom all recurse once per level of nesting: a 200 KB
// text of '[' (easily pasted into a URL) overflowed the native stack, and wasm's smaller stack
// sooner. Every request this project reads needs at most 4 levels, so deeper text is refused
// before it is parsed, with a message rather than a crash.
constexpr int kMaxJsonDepth = 32;

void check_depth(const std::string& text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        throw Error("settings: JSON nested too deeply at offset " + std::to_string(i) +
                    " (at most " + std::to_string(kMaxJsonDepth) + " levels of [ and {)");
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

// RapidJSON 1.1.0's full-precision conversion looks up a power of ten for the place of the last
// digit it reads, and reads outside its table below 1e-348: 0.7777777777777777777e-330 or a zero
// written with 351 decimals (found by fuzzing the export reader; the release build crashed on
// it, and wasm runs the same code). A double holds nothing below 5e-324, so a number written with a
// digit below 1e(kMinDigitPlace) is refused before it is parsed; every double's shortest form stays
// above.
constexpr long kMinDigitPlace = -340;

// The place of the last digit the number at text[i] writes (0.05 -> -2, 12e3 -> 3, 1.50 -> -2),
// and in `end` where the number ends.
long last_digit_place(const std::string& text, std::size_t i, std::size_t& end) {
  const auto digit = [&](std::size_t k) {
    return k < text.size() && text[k] >= '0' && text[k] <= '9';
  };
  if (i < text.size() && text[i] == '-') ++i;
  while (digit(i)) ++i;
  long decimals = 0;
  if (i < text.size() && text[i] == '.')
    for (++i; digit(i); ++i) decimals = std::min(decimals + 1, 1000000L);
  long written = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    const bool minus = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    for (; digit(i); ++i) written = std::min(written * 10 + (text[i] - '0'), 1000000L);
    if (minus) written = -written;
  }
  end = i;
  return written - decimals;
}

void check_numbers(const std::string& text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t end = i;
      if (last_digit_place(text, i, end) < kMinDigitPlace)
        throw Error("settings: the number at offset " + std::to_string(i) +
                    " is written with digits below 1e" + std::to_string(kMinDigitPlace) +
                    ": write it with fewer (no double holds anything below 5e-324)");
      i = end > i ? end - 1 : i;
    }
  }
}

std::string describe_type(const rapidjson::Value& value) {
  if (value.IsString()) return "a string";
  if (value.IsNumber()) return "a number";
  if (value.IsBool()) return "a boolean";
  if (value.IsArray()) return "a list";
  if (value.IsObject()) return "an object";
  return "null";
}
}  // namespace

std::string describe_json(const rapidjson::Value& value) {
  if (value.IsNumber()) return format_number(value.GetDouble());
  if (value.IsObject()) return "an object";
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  std::string text = buffer.GetString();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

JsonFields::JsonFields(const rapidjson::Value& object, std::string path)
    : object_(object), path_(std::move(path)) {}

bool JsonFields::has(const std::string& key) const {
  asked_.insert(key);
  return object_.FindMember(key.c_str()) != object_.MemberEnd();
}

std::string JsonFields::path_of(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

const rapidjson::Value& JsonFields::field(const std::string& key) {
  read_.insert(key);
  return object_.FindMember(key.c_str())->value;
}

double JsonFields::number(const std::string& key, double fallback) {
  if (!has(key)) return fallback;
  const rapidjson::Value& value = field(key);
  if (!value.IsNumber()) fail_field(path_of(key), describe_json(value), "must be a number");
  const double number = value.GetDouble();
  if (!std::isfinite(number)) fail_field(path_of(key), number, "must be a finite number");
  return number;
}

long long JsonFields::integer(const std::string& key, long long fallback, long long min,
                              long long max) {
  if (!has(key)) return fallback;
  const rapidjson::Value& value = field(key);
  const std::string allowed =
      "must be an integer >= " + std::to_string(min) + " and <= " + std::to_string(max);
  if (!value.IsNumber()) fail_field(path_of(key), describe_json(value), allowed);
  const double number = value.GetDouble();
  if (!std::isfinite(number) || number != std::floor(number) || number < min || number > max)
    fail_field(path_of(key), number, allowed);
  return static_cast<long long>(number);
}

bool JsonFields::boolean(const std::string& key, bool fallback) {
  if (!has(key)) return fallback;
  const rapidjson::Value& value = field(key);
  if (!value.IsBool()) fail_field(path_of(key), describe_json(value), "must be true or false");
  return value.GetBool();
}

std::string JsonFields::text(const std::string& key, const std::string& fallback) {
  if (!has(key)) return fallback;
  const rapidjson::Value& value = field(key);
  if (!value.IsString()) fail_field(path_of(key), describe_json(value), "must be a string");
  return value.GetString();
}

std::vector<double> JsonFields::numbers(const std::string& key,
                                        const std::vector<double>& fallback) {
  if (!has(key)) return fallback;
  const rapidjson::Value& value = field(key);
  if (!value.IsArray()) fail_field(path_of(key), describe_json(value), "must be a list of numbers");
  std::vector<double> out;
  for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
    const std::string item_path = path_of(key) + "[" + std::to_string(i) + "]";
    if (!value[i].IsNumber()) fail_field(item_path, describe_json(value[i]), "must be a number");
    if (!std::isfinite(value[i].GetDouble()))
      fail_field(item_path, value[i].GetDouble(), "must be a finite number");
    out.push_back(value[i].GetDouble());
  }
  return out;
}

std::vector<std::string> JsonFields::object_list(const std::string& key, std::size_t max_items) {
  const rapidjson::Value& value = field(key);
  const std::string allowed = "must be a list of 1 to " + std::to_string(max_items) + " objects";
  if (!value.IsArray() || value.Size() == 0 || value.Size() > max_items)
    fail_field(path_of(key), describe_json(value), allowed);
  std::vector<std::string> out;
  for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
    if (!value[i].IsObject())
      fail_field(path_of(key) + "[" + std::to_string(i) + "]", describe_json(value[i]),
                 "must be an object");
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value[i].Accept(writer);
    out.push_back(buffer.GetString());
  }
  return out;
}

JsonFields JsonFields::object(const std::string& key) {
  const rapidjson::Value& value = field(key);
  if (!value.IsObject()) fail_field(path_of(key), describe_json(value), "must be an object");
  return JsonFields(value, path_of(key));
}

ParamValues JsonFields::params(const std::vector<ParamSpec>& specs) {
  ParamValues values = default_values(specs);
  for (const ParamSpec& spec : specs) {
    if (!has(spec.name)) continue;
    switch (spec.kind) {
      case ParamKind::Number:
      case ParamKind::Integer: {
        const rapidjson::Value& value = field(spec.name);
        if (spec.nullable && value.IsNull()) {
          values.numbers[spec.name] = std::numeric_limits<double>::quiet_NaN();
          break;
        }
        if (!value.IsNumber())
          fail_field(path_of(spec.name), describe_json(value),
                     spec.nullable ? "must be a number or null" : "must be a number");
        check_number(spec, value.GetDouble(), path_of(spec.name));
        values.numbers[spec.name] = value.GetDouble();
        break;
      }
      case ParamKind::Boolean:
        values.numbers[spec.name] = boolean(spec.name, spec.default_value != 0) ? 1 : 0;
        break;
      case ParamKind::Choice: {
        const std::string choice = text(spec.name, "");
        bool known = false;
        std::string allowed;
        for (const std::string& option : spec.choices) {
          known = known || option == choice;
          allowed += (allowed.empty() ? "" : ", ") + option;
        }
        if (!known)
          fail_field(path_of(spec.name), "\"" + choice + "\"", "must be one of: " + allowed);
        values.texts[spec.name] = choice;
        break;
      }
      case ParamKind::Text:
        values.texts[spec.name] = text(spec.name, spec.default_text);
        break;
      case ParamKind::ScheduleList: {
        std::string list = "[";
        for (const std::string& part : object_list(spec.name, 8))
          list += (list.size() > 1 ? "," : "") + part;
        values.texts[spec.name] = list + "]";
        break;
      }
      case ParamKind::NumberList: {
        std::vector<double> list = numbers(spec.name, spec.default_list);
        for (std::size_t i = 0; i < list.size(); ++i) {
          ParamSpec item = spec;
          item.kind = ParamKind::Number;
          check_number(item, list[i], path_of(spec.name) + "[" + std::to_string(i) + "]");
        }
        values.lists[spec.name] = std::move(list);
        break;
      }
    }
  }
  return values;
}

void JsonFields::reject_unknown_keys() const {
  for (auto it = object_.MemberBegin(); it != object_.MemberEnd(); ++it) {
    const std::string key = it->name.GetString();
    if (read_.count(key)) continue;
    std::string allowed;
    for (const std::string& name : asked_) allowed += (allowed.empty() ? "" : ", ") + name;
    const std::string shown = key.size() > 80 ? key.substr(0, 77) + "..." : key;
    throw Error(path_of(shown) + ": unknown field" +
                (allowed.empty() ? std::string() : " (allowed here: " + allowed + ")"));
  }
}

void parse_json_text(rapidjson::Document& document, const std::string& text) {
  document.Parse<kParseFlags>(text.c_str(), text.size());
}

struct JsonDocument::Impl {
  rapidjson::Document document;
};

JsonDocument::JsonDocument(const std::string& text) : impl_(nullptr) {
  check_depth(text);
  check_numbers(text);
  impl_ = new Impl;
  parse_json_text(impl_->document, text);
  if (impl_->document.HasParseError()) {
    const std::string message = std::string("settings: JSON syntax error at offset ") +
                                std::to_string(impl_->document.GetErrorOffset()) + ": " +
                                rapidjson::GetParseError_En(impl_->document.GetParseError());
    delete impl_;
    throw Error(message);
  }
  if (!impl_->document.IsObject()) {
    const std::string message =
        "settings: " + describe_type(impl_->document) + " is not allowed (must be a JSON object)";
    delete impl_;
    throw Error(message);
  }
}

JsonDocument::~JsonDocument() {
  delete impl_;
}

JsonFields JsonDocument::root() {
  return JsonFields(impl_->document, "");
}

}  // namespace lrlab
