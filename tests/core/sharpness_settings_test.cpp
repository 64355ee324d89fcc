// The "sharpness" settings section (core/curvature/sharpness_params.h): defaults, every field's
// error naming field, value and range, the canonical form (left out while at its defaults, so no
// other experiment's JSON changes) and a mid-run replacement of the section.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "core/settings.h"

namespace {

void expect_error(const std::string& json, std::initializer_list<const char*> fragments) {
  try {
    lrlab::parse_settings(json);
    ADD_FAILURE() << "accepted: " << json;
  } catch (const lrlab::Error& error) {
    const std::string message = error.what();
    for (const char* fragment : fragments)
      EXPECT_NE(message.find(fragment), std::string::npos)
          << "message \"" << message << "\" lacks \"" << fragment << "\" for " << json;
  }
}

TEST(SharpnessSettings, OffByDefaultWithTheDocumentedCadence) {
  const lrlab::Settings s = lrlab::parse_settings("{}");
  EXPECT_FALSE(s.sharpness.enabled);
  EXPECT_EQ(s.sharpness.params.number("every"), 25);
  EXPECT_EQ(s.sharpness.params.number("iterations"), 20);
  EXPECT_EQ(s.sharpness.params.number("tolerance"), 1e-2);
}

TEST(SharpnessSettings, EveryFieldIsCheckedWithItsRange) {
  expect_error(R"({"sharpness": {"enabled": true, "every": 0}})",
               {"sharpness.every", "0", ">= 1", "<= 100000"});
  expect_error(R"({"sharpness": {"every": 2.5}})", {"sharpness.every", "2.5", "integer"});
  expect_error(R"({"sharpness": {"iterations": 201}})", {"sharpness.iterations", "201", "<= 200"});
  expect_error(R"({"sharpness": {"tolerance": 0}})", {"sharpness.tolerance", "0", "> 0"});
  expect_error(R"({"sharpness": {"tolerance": 1.5}})", {"sharpness.tolerance", "1.5", "<= 1"});
  expect_error(R"({"sharpness": {"enabled": "yes"}})", {"sharpness.enabled"});
  expect_error(R"({"sharpness": {"cadence": 3}})", {"sharpness.cadence"});
  expect_error(R"({"sharpness": 3})", {"sharpness"});
}

TEST(SharpnessSettings, CanonicalFormOnlyWhenNotTheDefault) {
  const std::string plain = lrlab::settings_to_json(lrlab::parse_settings("{}"));
  EXPECT_EQ(plain.find("sharpness"), std::string::npos) << plain;
  const lrlab::Settings on = lrlab::parse_settings(
      R"({"sharpness": {"enabled": true, "every": 3, "iterations": 7, "tolerance": 1e-6}})");
  const std::string json = lrlab::settings_to_json(on);
  EXPECT_NE(json.find(R"("sharpness":{"enabled":true,"every":3,"iterations":7,"tolerance":)"),
            std::string::npos)
      << json;
  const lrlab::Settings again = lrlab::parse_settings(json);
  EXPECT_TRUE(again.sharpness.enabled);
  EXPECT_EQ(again.sharpness.params.number("every"), 3);
  EXPECT_EQ(again.sharpness.params.number("iterations"), 7);
  EXPECT_EQ(again.sharpness.params.number("tolerance"), 1e-6);
  EXPECT_EQ(lrlab::settings_to_json(again), json);
  // Off but with a cadence of its own: kept, so the round trip loses nothing.
  const std::string off =
      lrlab::settings_to_json(lrlab::parse_settings(R"({"sharpness": {"every": 4}})"));
  EXPECT_NE(off.find(R"("sharpness":{"enabled":false,"every":4)"), std::string::npos) << off;
}

TEST(SharpnessSettings, TheSectionCanBeReplacedWhenItWasLeftOut) {
  const lrlab::Settings s = lrlab::parse_settings("{}");
  const lrlab::Settings on =
      lrlab::replace_section(s, "sharpness", R"({"enabled": true, "every": 5})");
  EXPECT_TRUE(on.sharpness.enabled);
  EXPECT_EQ(on.sharpness.params.number("every"), 5);
  EXPECT_THROW(lrlab::replace_section(s, "sharpness", R"({"every": -1})"), lrlab::Error);
}

}  // namespace
