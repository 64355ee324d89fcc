// The Embind layer: translation only. Settings travel as the core's JSON text (JSON.stringify in
// the JS wrapper, parse_settings here: the one validation door), results come back as plain
// objects and typed arrays copied out of the wasm heap. Core errors (lrlab::Error) never cross as
// C++ exceptions (3.1.6 would deliver a bare pointer): each entry point that can fail catches
// them and returns a JS Error object carrying the core's message; the wrapper throws it.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/activation.h"
#include "core/callbacks/early_stopping.h"
#include "core/curvature/initial_sharpness.h"
#include "core/curvature/sharpness_params.h"
#include "core/data.h"
#include "core/datasets.h"
#include "core/error.h"
#include "core/experiments/diagnosis.h"
#include "core/experiments/experiment_json.h"
#include "core/experiments/landscape.h"
#include "core/experiments/range_test.h"
#include "core/experiments/sweep.h"
#include "core/formula/formula.h"
#include "core/history_until.h"
#include "core/inspect/update_inspection.h"
#include "core/loss.h"
#include "core/model.h"
#include "core/optim/optimizer.h"
#include "core/plateau.h"
#include "core/problems.h"
#include "core/python/listing.h"
#include "core/random.h"
#include "core/run_start.h"
#include "core/schedule/run_length.h"
#include "core/schedule/run_rates.h"
#include "core/schedule/schedule.h"
#include "core/settings.h"
#include "core/trainer.h"
#include "core/words/verdict_words.h"

using emscripten::val;

namespace {

// Runs `body`; on an lrlab::Error returns (not throws) a JS Error carrying its message, which the
// JS wrapper (web/lrlab-api.js) throws. Throwing from inside the call would skip Embind's cleanup
// of the converted arguments (the settings text on the wasm heap): a leak per bad input.
template <typename Body>
val guarded(Body&& body) {
  std::string message;
  try {
    return body();
  } catch (const lrlab::Error& error) {
    message = error.what();
  } catch (const std::exception& error) {
    message = std::string("internal error: ") + error.what();
  }
  return val::global("Error").new_(message);
}

// A typed_memory_view dies when the heap grows, so copy out at once.
val float64_array(const double* data, std::size_t count) {
  if (count == 0) return val::global("Float64Array").new_(0);
  return val(emscripten::typed_memory_view(count, data)).call<val>("slice");
}
val float64_array(const std::vector<double>& values, std::size_t from = 0) {
  from = from < values.size() ? from : values.size();
  return float64_array(values.data() + from, values.size() - from);
}

val string_array(const std::vector<std::string>& items) {
  val out = val::array();
  for (const std::string& item : items) out.call<void>("push", item);
  return out;
}

const char* kind_name(lrlab::ParamKind kind) {
  switch (kind) {
    case lrlab::ParamKind::Number:
      return "number";
    case lrlab::ParamKind::Integer:
      return "integer";
    case lrlab::ParamKind::Boolean:
      return "boolean";
    case lrlab::ParamKind::Choice:
      return "choice";
    case lrlab::ParamKind::NumberList:
      return "number_list";
    case lrlab::ParamKind::Text:
      return "text";
    case lrlab::ParamKind::ScheduleList:
      return "schedule_list";
  }
  return "number";
}

val param_specs(const std::vector<lrlab::ParamSpec>& specs) {
  val out = val::array();
  for (const lrlab::ParamSpec& spec : specs) {
    val p = val::object();
    p.set("name", spec.name);
    p.set("kind", std::string(kind_name(spec.kind)));
    switch (spec.kind) {
      case lrlab::ParamKind::Boolean:
        p.set("default", spec.default_value != 0);
        break;
      case lrlab::ParamKind::Choice:
        p.set("default", spec.choices.empty() ? std::string() : spec.choices.front());
        break;
      case lrlab::ParamKind::Text:
        p.set("default", spec.default_text);
        break;
      case lrlab::ParamKind::ScheduleList:  // the parts as objects, as the settings JSON has them
        p.set("default", val::global("JSON").call<val>("parse", spec.default_text));
        break;
      case lrlab::ParamKind::NumberList: {
        val list = val::array();
        for (double v : spec.default_list) list.call<void>("push", v);
        p.set("default", list);
        break;
      }
      default:
        // A nullable number's default is none: null, as the settings JSON writes it.
        if (spec.nullable && std::isnan(spec.default_value))
          p.set("default", val::null());
        else
          p.set("default", spec.default_value);
    }
    p.set("min", spec.min);
    p.set("max", spec.max);
    p.set("min_inclusive", spec.min_inclusive);
    p.set("max_inclusive", spec.max_inclusive);
    p.set("log_scale", spec.log_scale);
    p.set("nullable", spec.nullable);
    p.set("meaning", spec.meaning);
    p.set("choices", string_array(spec.choices));
    out.call<void>("push", p);
  }
  return out;
}

const char* task_name(lrlab::Task task) {
  switch (task) {
    case lrlab::Task::Binary:
      return "binary";
    case lrlab::Task::MultiClass:
      return "multiclass";
    case lrlab::Task::Regression:
      return "regression";
  }
  return "binary";
}

val registry() {
  val out = val::object();
  val optimizers = val::array();
  for (const lrlab::OptimizerInfo& info : lrlab::optimizer_registry()) {
    val o = val::object();
    o.set("name", info.name);
    o.set("label", info.label);
    o.set("summary", info.summary);
    o.set("default_learning_rate", info.default_learning_rate);
    o.set("params", param_specs(info.params));
    val rule = val::array();
    for (const lrlab::RuleLine& line : info.rule) rule.call<void>("push", line.text);
    o.set("rule", rule);
    optimizers.call<void>("push", o);
  }
  out.set("optimizers", optimizers);
  val schedules = val::array();
  for (const lrlab::ScheduleInfo& info : lrlab::schedule_registry()) {
    val s = val::object();
    s.set("name", info.name);
    s.set("label", info.label);
    s.set("summary", info.summary);
    s.set("default_granularity", std::string(lrlab::granularity_name(info.default_granularity)));
    s.set("params", param_specs(info.params));
    schedules.call<void>("push", s);
  }
  out.set("schedules", schedules);
  val plateau = val::object();
  plateau.set("params", param_specs(lrlab::plateau_params()));
  out.set("plateau", plateau);
  val early_stopping = val::object();
  early_stopping.set("params", param_specs(lrlab::early_stopping_params()));
  out.set("early_stopping", early_stopping);
  val sharpness = val::object();
  sharpness.set("params", param_specs(lrlab::sharpness_params()));
  out.set("sharpness", sharpness);
  val problems = val::array();
  for (const std::string& name : lrlab::problem_names()) {
    val p = val::object();
    p.set("name", name);
    p.set("task", std::string(task_name(lrlab::problem_shape(name).task)));
    problems.call<void>("push", p);
  }
  out.set("problems", problems);
  out.set("activations", string_array(lrlab::activation_names()));
  out.set("inits", string_array(lrlab::init_names()));
  out.set("losses", string_array(lrlab::loss_names()));
  out.set("surfaces", string_array(lrlab::landscape_surface_names()));
  // The built-in tables (data/*.csv): the page loads one when a run needs it (web/data-sources.js).
  val datasets = val::array();
  for (const lrlab::ProblemInfo& d : lrlab::problem_registry()) {
    if (d.source != lrlab::ProblemSource::BuiltInTable) continue;
    val entry = val::object();
    entry.set("name", std::string(d.name));
    entry.set("title", std::string(d.title));
    entry.set("task", std::string(task_name(d.shape.task)));
    entry.set("rows", d.rows);
    entry.set("features", d.shape.inputs);
    entry.set("classes", d.shape.classes);
    datasets.call<void>("push", entry);
  }
  out.set("datasets", datasets);
  return out;
}

val parse_json(const std::string& text) {
  return val::global("JSON").call<val>("parse", text);
}

val default_settings() {
  return guarded([] { return parse_json(lrlab::settings_to_json(lrlab::default_settings())); });
}

// A real problem's table (a built-in data/*.csv or the user's CSV as "csv"), owned by JS and given
// to the trainers, sweeps and range tests on that problem. load() checks the text through the
// core's CSV door with the given target column (1-based, 0: automatic) and task: the summary as
// JSON text, or an Error naming the row and column (the handle then holds what it held). A handle
// never loaded stands for "no table", which the generated problems need.
class TableHandle {
 public:
  val load(const std::string& name, const std::string& text, int target, const std::string& task) {
    return guarded([&] {
      lrlab::LoadedTable loaded = lrlab::load_table(name, text, target, task);
      table_ = std::move(loaded.table);
      return val(lrlab::dataset_summary_json(loaded.summary));
    });
  }
  const lrlab::TableRef& table() const { return table_; }

 private:
  lrlab::TableRef table_;
};

// Canonical JSON text of validated settings (the wrapper JSON.parses it).
val validate_settings(const std::string& json, const TableHandle& table) {
  return guarded(
      [&] { return val(lrlab::settings_to_json(lrlab::parse_settings(json, table.table()))); });
}

// The schedule's parameters measured in positions, with defaults for a run of `positions`
// positions (core/schedule/run_length.h): {name: number | number[]}.
val schedule_run_defaults(const std::string& name, double positions) {
  return guarded([&] {
    if (!(positions >= 1 && positions <= 1e9))
      lrlab::fail_field("positions", positions, "must be an integer >= 1 and <= 1e9");
    const lrlab::ParamValues v = lrlab::run_length_defaults(name, static_cast<long>(positions));
    val out = val::object();
    for (const auto& [key, number] : v.numbers) out.set(key, number);
    for (const auto& [key, list] : v.lists)
      out.set(key, val::global("Array").call<val>("from", float64_array(list)));
    return out;
  });
}

val preview_schedule(const std::string& schedule_json, double lr0, double count,
                     double steps_per_epoch) {
  return guarded([&] {
    const lrlab::Settings settings =
        lrlab::replace_section(lrlab::default_settings(), "schedule", schedule_json);
    const lrlab::ScheduleInfo& info = lrlab::find_schedule(settings.schedule.name);
    const auto schedule = info.make(settings.schedule.params);
    if (!(lr0 > 0) || !(lr0 <= 1e6))
      lrlab::fail_field("optimizer.learning_rate", lr0, "must be a finite number > 0 and <= 1e6");
    if (!(count >= 1 && count <= 100000))
      lrlab::fail_field("count", count, "must be an integer >= 1 and <= 100000");
    if (!(steps_per_epoch >= 1 && steps_per_epoch <= 1e6))
      lrlab::fail_field("steps_per_epoch", steps_per_epoch, "must be an integer >= 1");
    const std::vector<double> rates =
        lrlab::preview_schedule(*schedule, settings.schedule.granularity, lr0,
                                static_cast<long>(count), static_cast<long>(steps_per_epoch));
    return float64_array(rates);
  });
}

// The rate a run's settings give each epoch (per_step: each update), its changes included
// (core/schedule/run_rates.h): the schedule preview of a run changed while it trained or branched.
val preview_run_rates(const std::string& settings_json, const TableHandle& table, double epochs,
                      double steps_per_epoch, bool per_step) {
  return guarded([&] {
    const lrlab::Settings settings = lrlab::parse_settings(settings_json, table.table());
    return float64_array(lrlab::preview_run_rates(settings, static_cast<long>(epochs),
                                                  static_cast<long>(steps_per_epoch), per_step));
  });
}

// Where the schedule's rate comes from: "scaled", "absolute" or "reads_lr"
// (core/schedule/schedule.h).
val schedule_rate_source(const std::string& schedule_json) {
  return guarded([&] {
    const lrlab::Settings settings =
        lrlab::replace_section(lrlab::default_settings(), "schedule", schedule_json);
    return val(
        std::string(lrlab::rate_source_name(lrlab::schedule_rate_source(settings.schedule))));
  });
}

// {call, arguments, notes}, or null when the framework has no such class for these values.
val spelled_call(const lrlab::SpelledCall& spelled) {
  if (!spelled.exists) return val::null();
  val out = val::object();
  out.set("call", spelled.call);
  out.set("arguments", string_array(spelled.arguments));
  out.set("notes", string_array(spelled.notes));
  return out;
}

// The core's part of one run's "as code" listings (core/python/listing.h), from the settings'
// optimizer and schedule sections (the rest, e.g. a user's CSV not loaded here, is not read) and
// the listing's Python names {position, epoch, step, lr, lr0}.
val code_facts(const std::string& settings_json, const std::string& names_json) {
  return guarded([&] {
    const val given_settings = parse_json(settings_json);
    const val json = val::global("JSON");
    lrlab::Settings settings = lrlab::default_settings();
    for (const char* section : {"optimizer", "schedule"}) {
      if (given_settings[section].isUndefined()) continue;
      settings = lrlab::replace_section(
          settings, section, json.call<std::string>("stringify", given_settings[section]));
    }
    const val given = parse_json(names_json);
    auto name = [&](const char* key) {
      const val text = given[key];
      if (!text.isString())
        lrlab::fail_field(std::string("names.") + key, "missing", "must be a string");
      return text.as<std::string>();
    };
    lrlab::SchedulePythonNames names;
    names.position = name("position");
    names.names.epoch = name("epoch");
    names.names.step = name("step");
    names.names.lr = name("lr");
    names.names.lr0 = name("lr0");
    const lrlab::ScheduleCode schedule = lrlab::schedule_code(settings.schedule, names);
    const lrlab::OptimizerCode optimizer =
        lrlab::optimizer_code(settings.optimizer, names.names.lr0);
    val s = val::object();
    s.set("rateSource", std::string(lrlab::rate_source_name(schedule.rate_source)));
    s.set("body", string_array(schedule.body));
    s.set("keras", spelled_call(schedule.keras));
    s.set("pytorch", spelled_call(schedule.pytorch));
    val o = val::object();
    o.set("keras", spelled_call(optimizer.keras));
    o.set("pytorch", spelled_call(optimizer.pytorch));
    val out = val::object();
    out.set("schedule", s);
    out.set("optimizer", o);
    return out;
  });
}

val check_formula(const std::string& text) {
  const lrlab::FormulaCheck check = lrlab::check_formula(text);
  val out = val::object();
  out.set("ok", check.ok);
  out.set("message", check.message);
  out.set("position", check.position);
  return out;
}

// Every form of a verdict as core/words/verdict_words.h writes it, for the page to place as is.
val verdict_words_to_js(const lrlab::VerdictWords& w) {
  val out = val::object();
  out.set("kind", w.kind);
  out.set("sentence", w.sentence);
  out.set("badge", w.badge);
  out.set("tone", w.tone);
  out.set("story", w.story);
  out.set("cause", w.cause);
  out.set("tooltip", w.tooltip);
  out.set("sweep", w.sweep);
  out.set("where", w.where);
  out.set("at_lowest", w.at_lowest);
  out.set("lowest_seen", w.lowest_seen);
  out.set("lesson", w.lesson);
  out.set("summary", w.summary);
  out.set("region", w.region);
  out.set("region_edge", w.region_edge);
  out.set("region_label", w.region_label);
  out.set("region_rank", w.region_rank);
  out.set("stop", w.stop);
  out.set("steady", w.steady);
  out.set("judged", w.judged);
  return out;
}

val events_to_js(const std::vector<lrlab::Event>& events) {
  val out = val::array();
  for (const lrlab::Event& e : events) {
    val o = val::object();
    o.set("kind", std::string(lrlab::event_kind_name(e.kind)));
    o.set("epoch", static_cast<double>(e.epoch));
    o.set("step", static_cast<double>(e.step));
    o.set("old_lr", e.old_lr);
    o.set("new_lr", e.new_lr);
    o.set("monitored", e.monitored);
    o.set("message", e.message);
    if (e.kind == lrlab::Event::Kind::EarlyStop) {
      o.set("wait", static_cast<double>(e.wait));
      o.set("patience", static_cast<double>(e.patience));
      o.set("best_epoch", static_cast<double>(e.best_epoch));
      o.set("best", e.best);
      o.set("restored_best_weights", e.restored_best_weights);
    }
    out.call<void>("push", o);
  }
  return out;
}

// One training run, owned by JS (delete() frees it). Constructed empty, then configure()d, so a
// bad settings object throws a JS Error from a plain function rather than from a constructor.
class TrainerHandle {
 public:
  val configure(const std::string& json, const TableHandle& table) {
    return guarded([&] {
      trainer_ = std::make_unique<lrlab::Trainer>(lrlab::parse_settings(json, table.table()),
                                                  table.table());
      return val::undefined();
    });
  }
  bool step() { return trainer_->step(); }
  bool epoch() { return trainer_->epoch(); }
  double run(double epochs) {
    return static_cast<double>(trainer_->run(static_cast<long>(epochs)));
  }
  void reset() { trainer_->reset(); }
  bool resume() { return trainer_->resume(); }

  val set_learning_rate(double lr) {
    return guarded([&] {
      trainer_->set_learning_rate(lr);
      return val::undefined();
    });
  }
  val set_optimizer(const std::string& json) {
    return guarded([&] {
      trainer_->set_optimizer(
          lrlab::replace_section(trainer_->settings(), "optimizer", json, trainer_->table())
              .optimizer);
      return val::undefined();
    });
  }
  val set_schedule(const std::string& json) {
    return guarded([&] {
      trainer_->set_schedule(
          lrlab::replace_section(trainer_->settings(), "schedule", json, trainer_->table())
              .schedule);
      return val::undefined();
    });
  }
  val set_plateau(const std::string& json) {
    return guarded([&] {
      trainer_->set_plateau(
          lrlab::replace_section(trainer_->settings(), "plateau", json, trainer_->table()).plateau);
      return val::undefined();
    });
  }
  val set_early_stopping(const std::string& json) {
    return guarded([&] {
      trainer_->set_early_stopping(
          lrlab::replace_section(trainer_->settings(), "early_stopping", json, trainer_->table())
              .early_stopping);
      return val::undefined();
    });
  }

  val set_sharpness(const std::string& json) {
    return guarded([&] {
      trainer_->set_sharpness(
          lrlab::replace_section(trainer_->settings(), "sharpness", json, trainer_->table())
              .sharpness);
      return val::undefined();
    });
  }

  // The sharpness measurements from the `from`-th on (a count, as history's offsets), copied
  // out: one typed array per series of lrlab::sharpness_series (docs/spec-core.md#sharpness).
  val sharpness(double from) const {
    const std::size_t m = offset(from);
    val out = val::object();
    for (const lrlab::NamedSeries& series : lrlab::sharpness_series(trainer_->history()))
      out.set(series.name, float64_array(*series.values, m));
    return out;
  }

  // The history from epoch `from_epoch` and step record `from_step` on, copied out: every
  // per-epoch and per-step series, the events and the divergence flags. An offset is a count
  // (NaN or a negative number reads from the start; one past the end reads nothing).
  val history(double from_epoch, double from_step) const {
    val out = epoch_history(from_epoch);
    const std::size_t s = offset(from_step);
    for (const lrlab::NamedSeries& series : lrlab::step_series(trainer_->history()))
      out.set(series.name, float64_array(*series.values, s));
    out.set("step_stride", static_cast<double>(trainer_->history().step_stride));
    return out;
  }

  // The same without the per-step series: what readers of the epochs alone need (the exports,
  // the page's readouts), so they never ask for step records only to throw them away.
  val epoch_history(double from_epoch) const {
    const lrlab::History& h = trainer_->history();
    const std::size_t e = offset(from_epoch);
    val out = val::object();
    for (const lrlab::NamedSeries& series : lrlab::epoch_series(h))
      out.set(series.name, float64_array(*series.values, e));
    out.set("events", events_to_js(h.events));
    out.set("diverged", h.diverged);
    out.set("diverged_epoch", static_cast<double>(h.diverged_epoch));
    out.set("diverged_step", static_cast<double>(h.diverged_step));
    out.set("initial_train_loss", h.initial_train_loss);
    return out;
  }

  // Where the run stands, with no series: one call for what deciding its lifecycle needs.
  // stopped_by: the kind of the event that stopped the run (its last one), '' while it can train.
  val status() const {
    const lrlab::History& h = trainer_->history();
    val out = val::object();
    out.set("epochs_done", static_cast<double>(trainer_->epoch_index()));
    out.set("updates", static_cast<double>(trainer_->updates()));
    out.set("stopped", trainer_->stopped());
    out.set("stopped_by", std::string(trainer_->stopped() && !h.events.empty()
                                          ? lrlab::event_kind_name(h.events.back().kind)
                                          : ""));
    out.set("diverged", h.diverged);
    out.set("diverged_epoch", static_cast<double>(h.diverged_epoch));
    out.set("learning_rate", trainer_->current_learning_rate());
    return out;
  }

  // What the run shows, in words. best_reference: the lowest loss a compared run reached (NaN
  // for none), which tells "stuck" from "already at the bottom"; lower_rate_best: the lowest a
  // compared run at a lower rate, trained alike otherwise, reached (NaN for none), which tells a
  // plateau from small steps.
  // No rate is named in the sentence: a run may have trained with several (a change mid-run, a
  // schedule that sets its own), and the page words them from what the run recorded.
  val diagnosis(double best_reference, double lower_rate_best) const {
    return diagnosis_of(trainer_->history(), best_reference, lower_rate_best);
  }
  // The verdict as of `epochs` epochs done (the page's cursor): the core's diagnosis of the
  // history as it stood then (core/history_until.h), not the page's reading of the curve.
  val diagnosis_at(double epochs, double best_reference, double lower_rate_best) const {
    const long e = static_cast<long>(epochs);
    return diagnosis_of(
        lrlab::history_until(trainer_->history(), e, e * trainer_->steps_per_epoch()),
        best_reference, lower_rate_best);
  }

  static val diagnosis_of(const lrlab::History& h, double best_reference, double lower_rate_best) {
    const lrlab::Diagnosis d =
        lrlab::diagnose(h, std::numeric_limits<double>::quiet_NaN(), h.initial_train_loss,
                        best_reference, lower_rate_best);
    const lrlab::VerdictWords words = lrlab::word_verdict(d);
    val out = val::object();
    out.set("verdict", words.kind);
    out.set("sentence", words.sentence);
    val evidence = val::object();
    for (const auto& [key, value] : lrlab::evidence_entries(d)) evidence.set(key, value);
    out.set("evidence", evidence);
    out.set("words", verdict_words_to_js(words));
    return out;
  }

  std::string settings_json() const { return lrlab::settings_to_json(trainer_->settings()); }
  double epochs_done() const { return static_cast<double>(trainer_->epoch_index()); }
  double updates() const { return static_cast<double>(trainer_->updates()); }
  double steps_per_epoch() const { return static_cast<double>(trainer_->steps_per_epoch()); }
  // ReduceLROnPlateau's state now, or null when the run has none: the monitored quantity, its last
  // value, the best so far, wait against patience, cooldown left, and the cuts the run recorded.
  val plateau_state() const {
    const lrlab::ReduceLROnPlateau* p = trainer_->plateau();
    if (!p) return val::null();
    long cuts = 0;
    for (const lrlab::Event& e : trainer_->history().events)
      if (e.kind == lrlab::Event::Kind::PlateauReduction) ++cuts;
    val out = val::object();
    out.set("monitor", p->monitor());
    out.set("mode", std::string(p->maximizing() ? "max" : "min"));
    out.set("last", p->last_monitored());
    out.set("best", p->best());
    out.set("wait", p->wait());
    out.set("patience", p->patience());
    out.set("cooldown_left", p->cooldown_counter());
    out.set("cooldown", p->cooldown());
    out.set("cuts", static_cast<double>(cuts));
    return out;
  }
  // EarlyStopping's state now, or null when the run has none: the monitored quantity, its last
  // value, the best so far and its epoch (0-based), wait against patience, and the epoch it
  // stopped after (-1 while it has not).
  val early_stopping_state() const {
    const lrlab::EarlyStopping* e = trainer_->early_stopping();
    if (!e) return val::null();
    val out = val::object();
    out.set("monitor", e->monitor());
    out.set("mode", std::string(e->maximizing() ? "max" : "min"));
    out.set("last", e->last_monitored());
    out.set("best", e->best());
    out.set("best_epoch", static_cast<double>(e->best_epoch()));
    out.set("wait", e->wait());
    out.set("patience", e->patience());
    out.set("start_from_epoch", static_cast<double>(e->start_from_epoch()));
    out.set("stopped_epoch", static_cast<double>(e->stopped_epoch()));
    return out;
  }
  bool stopped() const { return trainer_->stopped(); }
  bool stopped_early() const { return trainer_->stopped_early(); }
  double learning_rate() const { return trainer_->current_learning_rate(); }

 private:
  // A series offset from JS as a count: NaN or negative reads from the start, anything past a
  // series' end reads nothing (float64_array clamps it to the end).
  // (size_t is 32 bits in wasm: a larger count is clamped before the cast, which would overflow.)
  static std::size_t offset(double from) {
    if (!(from >= 1)) return 0;
    constexpr std::size_t kLast = std::numeric_limits<std::size_t>::max();
    return from < static_cast<double>(kLast) ? static_cast<std::size_t>(from) : kLast;
  }

  std::unique_ptr<lrlab::Trainer> trainer_;
};

// Heap size in bytes, for the memory test (create/delete many trainers: it must not grow).
double heap_size() {
  return val::module_property("HEAP8")["length"].as<double>();
}

val landscape_to_js(const lrlab::LandscapeView& view) {
  val out = val::object();
  val surface = val::object();
  surface.set("name", view.info.name);
  surface.set("label", view.info.label);
  surface.set("summary", view.info.summary);
  surface.set("x_name", view.info.x_name);
  surface.set("y_name", view.info.y_name);
  surface.set("dimensions", view.info.dimensions);
  val box = val::object();
  box.set("x_min", view.info.view.x_min);
  box.set("x_max", view.info.view.x_max);
  box.set("y_min", view.info.view.y_min);
  box.set("y_max", view.info.view.y_max);
  surface.set("view", box);
  surface.set("min_x", view.info.min_x);
  surface.set("min_y", view.info.min_y);
  out.set("surface", surface);
  out.set("stability_bound", view.stability_bound);
  val contours = val::array();
  for (const lrlab::ContourLevel& level : view.contours) {
    val c = val::object();
    c.set("level", level.level);
    c.set("x", float64_array(level.x));
    c.set("y", float64_array(level.y));
    contours.call<void>("push", c);
  }
  out.set("contours", contours);
  val curve = val::object();
  curve.set("x", float64_array(view.curve.x));
  curve.set("loss", float64_array(view.curve.loss));
  out.set("curve", curve);
  val paths = val::array();
  for (std::size_t i = 0; i < view.paths.size(); ++i) {
    const lrlab::LandscapePath& path = view.paths[i];
    val p = val::object();
    p.set("learning_rate_base", view.run_rates[i]);
    p.set("x", float64_array(path.x));
    p.set("y", float64_array(path.y));
    p.set("loss", float64_array(path.loss));
    p.set("learning_rate", float64_array(path.learning_rate));
    p.set("steps_done", static_cast<double>(path.steps_done));
    p.set("diverged", path.diverged);
    p.set("diverged_at_step", static_cast<double>(path.diverged_at_step));
    paths.call<void>("push", p);
  }
  out.set("paths", paths);
  return out;
}

val landscape(const std::string& request_json) {
  return guarded([&] { return landscape_to_js(lrlab::compute_landscape(request_json)); });
}

// Samples as one Float64Array each, sample after sample (a Dataset's columns are contiguous):
// x holds `inputs` numbers per sample, y `outputs`.
val dataset_to_js(const lrlab::Dataset& d) {
  val out = val::object();
  out.set("count", static_cast<double>(d.size()));
  out.set("x", float64_array(d.x.data(), static_cast<std::size_t>(d.x.size())));
  out.set("y", float64_array(d.y.data(), static_cast<std::size_t>(d.y.size())));
  return out;
}

// One inspected update as the page reads it (web/worker/lrlab-api-types.d.ts UpdateInspection).
val inspection_to_js(const lrlab::UpdateInspection& u) {
  val out = val::object();
  out.set("optimizer", u.optimizer);
  out.set("epoch", static_cast<double>(u.epoch));
  out.set("step", static_cast<double>(u.step));
  out.set("update", static_cast<double>(u.update));
  out.set("parameter", static_cast<double>(u.parameter));
  out.set("largest", static_cast<double>(u.largest));
  out.set("largest_name", u.largest_name);
  out.set("parameter_name", u.parameter_name);
  out.set("parameters", static_cast<double>(u.weights_after.size()));
  out.set("learning_rate", u.learning_rate);
  out.set("gradient", u.gradient);
  out.set("weight_before", u.weight_before);
  out.set("weight_after", u.weight_after);
  val state = val::array();
  for (const lrlab::InspectedQuantity& q : u.state) {
    val entry = val::object();
    entry.set("name", q.name);
    entry.set("before", q.before);
    entry.set("after", q.after);
    entry.set("shared", q.shared);
    entry.set("of_update", q.of_update);
    entry.set("meaning", q.meaning);
    state.call<void>("push", entry);
  }
  out.set("state", state);
  val rule = val::array();
  for (const std::string& line : u.rule) rule.call<void>("push", line);
  out.set("rule", rule);
  return out;
}

// One update of the run these settings describe, written out with the numbers it used
// (core/inspect/update_inspection.h): parameter -1 picks the one that moved most. The rule's
// lines come with it from the optimizer's registry entry.
val inspect_update(const std::string& settings_json, const TableHandle& table, double epoch,
                   double step, double parameter) {
  return guarded([&] {
    const lrlab::Settings settings = lrlab::parse_settings(settings_json, table.table());
    return inspection_to_js(lrlab::inspect_update(settings, table.table(), static_cast<long>(epoch),
                                                  static_cast<long>(step),
                                                  static_cast<long>(parameter)));
  });
}

// `count` updates from that position on, from one replay (the cursor's blocks): an array of what
// inspectUpdate gives for each, shorter where the run stopped first.
val inspect_updates(const std::string& settings_json, const TableHandle& table, double epoch,
                    double step, double count, double parameter) {
  return guarded([&] {
    const lrlab::Settings settings = lrlab::parse_settings(settings_json, table.table());
    val out = val::array();
    for (const lrlab::UpdateInspection& u : lrlab::inspect_updates(
             settings, table.table(), static_cast<long>(epoch), static_cast<long>(step),
             static_cast<long>(count), static_cast<long>(parameter)))
      out.call<void>("push", inspection_to_js(u));
    return out;
  });
}

// The sharpness at the initial weights of these settings (core/curvature/initial_sharpness.h): the
// sweep's 2/lambda_0 mark. NaN where the initial weights are not finite.
val initial_sharpness(const std::string& settings_json, const TableHandle& table) {
  return guarded([&] {
    return val(lrlab::initial_sharpness(lrlab::parse_settings(settings_json, table.table()),
                                        table.table()));
  });
}

// What the run of these settings starts from (core/run_start.h): its exact training and
// validation samples and its initial weights, each layer's weight outputs x inputs row-major.
val run_start(const std::string& settings_json, const TableHandle& table) {
  return guarded([&] {
    const lrlab::RunStart start =
        lrlab::run_start(lrlab::parse_settings(settings_json, table.table()), table.table());
    const lrlab::Dataset& train = start.problem.train;
    val out = val::object();
    out.set("task", std::string(train.task == lrlab::Task::Regression   ? "regression"
                                : train.task == lrlab::Task::MultiClass ? "multiclass"
                                                                        : "binary"));
    out.set("inputs", static_cast<double>(train.inputs()));
    out.set("outputs", static_cast<double>(train.outputs()));
    out.set("train", dataset_to_js(train));
    out.set("val", dataset_to_js(start.problem.val));
    val layers = val::array();
    for (const lrlab::LayerStart& layer : start.layers) {
      val l = val::object();
      l.set("inputs", layer.inputs);
      l.set("outputs", layer.outputs);
      l.set("weight", float64_array(layer.weight));
      l.set("bias", float64_array(layer.bias));
      layers.call<void>("push", l);
    }
    out.set("layers", layers);
    return out;
  });
}

val string_list(const std::vector<std::string>& items) {
  return string_array(items);
}

// The sweep's recommended rate and its band (lrlab::SweepRecommendation), with the rates and the
// measures spelled out so the page words them without indexing the columns again.
val recommendation_to_js(const lrlab::SweepResult& r) {
  const lrlab::SweepRecommendation& rec = r.recommendation;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto rate_at = [&](long j) { return j >= 0 ? r.rates[static_cast<std::size_t>(j)] : nan; };
  val out = val::object();
  out.set("index", static_cast<double>(rec.index));
  out.set("rate", rate_at(rec.index));
  out.set("measure", rec.measure);
  out.set("value", rec.value);
  out.set("val_loss", rec.index >= 0 ? r.final_val_loss[static_cast<std::size_t>(rec.index)] : nan);
  out.set("val_accuracy",
          rec.index >= 0 ? r.final_val_accuracy[static_cast<std::size_t>(rec.index)] : nan);
  out.set("train_loss",
          rec.index >= 0 ? r.final_train_loss[static_cast<std::size_t>(rec.index)] : nan);
  out.set("tolerance", lrlab::SweepRecommendation::kAboutAsWell);
  out.set("band_low_index", static_cast<double>(rec.band_low));
  out.set("band_high_index", static_cast<double>(rec.band_high));
  out.set("band_low_rate", rate_at(rec.band_low));
  out.set("band_high_rate", rate_at(rec.band_high));
  return out;
}

// An LR sweep run in slices by the page's worker: configure, then advance() between frames.
class SweepHandle {
 public:
  val configure(const std::string& settings_json, const std::string& config_json,
                const TableHandle& table) {
    return guarded([&] {
      const lrlab::Settings settings = lrlab::parse_settings(settings_json, table.table());
      const lrlab::SweepConfig config = lrlab::parse_sweep_config(config_json);
      sweep_ = std::make_unique<lrlab::LrSweep>(settings, config, lrlab::sweep_every_rate(config),
                                                table.table());
      return val::undefined();
    });
  }
  // One share of a sweep spread over several workers (web/sweep-client.js): part `part` of
  // `parts` (lrlab::sweep_share); the part that collects takes the others' records.
  val configure_share(const std::string& settings_json, const std::string& config_json, int part,
                      int parts, const TableHandle& table) {
    return guarded([&] {
      const lrlab::SweepConfig config = lrlab::parse_sweep_config(config_json);
      sweep_ = std::make_unique<lrlab::LrSweep>(
          lrlab::parse_settings(settings_json, table.table()), config,
          lrlab::sweep_share(config.count, part, parts), table.table());
      return val::undefined();
    });
  }
  double advance(double epochs) {
    return static_cast<double>(sweep_->advance(static_cast<long>(epochs)));
  }
  bool done() const { return sweep_->done(); }
  bool trained() const { return sweep_->trained(); }
  double progress() const { return sweep_->progress(); }
  // [{index, train_loss: Float64Array, final_val_loss, final_val_accuracy, initial_train_loss,
  //   diverged, diverged_epoch, error}] of the rates trained here since the last call.
  val take_records() {
    val out = val::array();
    for (const lrlab::SweepRecord& r : sweep_->take_records()) {
      val record = val::object();
      record.set("index", r.index);
      record.set("train_loss", float64_array(r.train_loss));
      record.set("final_val_loss", r.final_val_loss);
      record.set("final_val_accuracy", r.final_val_accuracy);
      record.set("initial_train_loss", r.initial_train_loss);
      record.set("diverged", r.diverged);
      record.set("diverged_epoch", static_cast<double>(r.diverged_epoch));
      record.set("error", r.error);
      out.call<void>("push", record);
    }
    return out;
  }
  // Records in take_records()' form, trained by other workers.
  val add_records(const val& records) {
    return guarded([&] {
      const double n = records["length"].as<double>();
      for (double i = 0; i < n; ++i) {
        const val in = records[static_cast<unsigned>(i)];
        lrlab::SweepRecord r;
        const double index = in["index"].as<double>();
        if (!(index >= 0 && index < lrlab::SweepConfig::kMaxCount))
          lrlab::fail_field("sweep.record.index", index, "must be a grid position");
        r.index = static_cast<int>(index);
        const val losses = in["train_loss"];
        if (!losses.instanceof (val::global("Float64Array")) || !(losses["length"].as<double>() <=
                                                                  lrlab::SweepConfig::kMaxEpochs))
          lrlab::fail_field("sweep.record.train_loss", "?", "must be a Float64Array of losses");
        r.train_loss = emscripten::convertJSArrayToNumberVector<double>(losses);
        r.final_val_loss = in["final_val_loss"].as<double>();
        const val accuracy = in["final_val_accuracy"];
        r.final_val_accuracy =
            accuracy.isNumber() ? accuracy.as<double>() : std::numeric_limits<double>::quiet_NaN();
        r.initial_train_loss = in["initial_train_loss"].as<double>();
        r.diverged = in["diverged"].as<bool>();
        const double diverged_epoch = in["diverged_epoch"].as<double>();
        r.diverged_epoch = diverged_epoch >= 0 && diverged_epoch <= lrlab::SweepConfig::kMaxEpochs
                               ? static_cast<long>(diverged_epoch)
                               : -1;
        r.error = in["error"].isString() ? in["error"].as<std::string>() : std::string();
        sweep_->add_record(std::move(r));
      }
      return val::undefined();
    });
  }
  val result() const {
    const lrlab::SweepResult& r = sweep_->result();
    val out = val::object();
    out.set("rates", float64_array(r.rates));
    out.set("initial_train_loss", float64_array(r.initial_train_loss));
    out.set("final_train_loss", float64_array(r.final_train_loss));
    out.set("final_val_loss", float64_array(r.final_val_loss));
    out.set("final_val_accuracy", float64_array(r.final_val_accuracy));
    out.set("best_train_loss", float64_array(r.best_train_loss));
    out.set("diverged", float64_array(r.diverged));
    out.set("diverged_epoch", float64_array(r.diverged_epoch));
    out.set("epochs_run", float64_array(r.epochs_run));
    out.set("verdict", string_list(r.verdict));
    out.set("sentence", string_list(r.sentence));
    // Per rate, every form of its verdict (null until the sweep is done, or if it could not run).
    val words = val::array();
    for (const lrlab::VerdictWords& w : r.words)
      words.call<void>("push", w.kind.empty() ? val::null() : verdict_words_to_js(w));
    out.set("words", words);
    out.set("completed", static_cast<double>(r.completed));
    out.set("best_final_loss", r.best_final_loss);
    out.set("best_index", static_cast<double>(r.best_index));
    out.set("stall_reference", r.stall_reference);
    out.set("best_converging_loss", r.best_converging_loss);
    out.set("best_converging_index", static_cast<double>(r.best_converging_index));
    out.set("recommendation", recommendation_to_js(r));
    return out;
  }

 private:
  std::unique_ptr<lrlab::LrSweep> sweep_;
};

val suggestion_to_js(const lrlab::Suggestion& s) {
  val out = val::object();
  out.set("rate", s.rate);
  out.set("index", static_cast<double>(s.index));
  out.set("loss", s.loss);
  return out;
}

// The LR range test (Smith / fastai), also in slices.
class RangeTestHandle {
 public:
  val configure(const std::string& settings_json, const std::string& config_json,
                const TableHandle& table) {
    return guarded([&] {
      test_ = std::make_unique<lrlab::LrRangeTest>(
          lrlab::parse_settings(settings_json, table.table()),
          lrlab::parse_range_test_config(config_json), table.table());
      return val::undefined();
    });
  }
  double advance(double steps) {
    return static_cast<double>(test_->advance(static_cast<long>(steps)));
  }
  bool done() const { return test_->done(); }
  double progress() const { return test_->progress(); }
  val result() const {
    const lrlab::RangeTestResult& r = test_->result();
    val out = val::object();
    out.set("rates", float64_array(r.rates));
    out.set("loss", float64_array(r.loss));
    out.set("smoothed", float64_array(r.smoothed));
    out.set("planned_steps", static_cast<double>(r.planned_steps));
    out.set("blew_up", r.blew_up);
    out.set("steepest", suggestion_to_js(r.steepest));
    out.set("minimum_over_10", suggestion_to_js(r.minimum_over_10));
    out.set("valley", suggestion_to_js(r.valley));
    return out;
  }

 private:
  std::unique_ptr<lrlab::LrRangeTest> test_;
};

// Bytes the allocator has handed out and not taken back: a leak shows here even while the heap
// itself does not need to grow.
double heap_used() {
  return static_cast<double>(mallinfo().uordblks);
}

}  // namespace

EMSCRIPTEN_BINDINGS(lrlab) {
  emscripten::class_<TableHandle>("Table").constructor<>().function("load", &TableHandle::load);
  emscripten::function("registry", &registry);
  emscripten::function("defaultSettings", &default_settings);
  emscripten::function("validateSettings", &validate_settings);
  emscripten::function("previewSchedule", &preview_schedule);
  emscripten::function("previewRunRates", &preview_run_rates);
  emscripten::function("scheduleRunDefaults", &schedule_run_defaults);
  emscripten::function("checkFormula", &check_formula);
  emscripten::function("scheduleRateSource", &schedule_rate_source);
  emscripten::function("codeFacts", &code_facts);
  emscripten::function("landscape", &landscape);
  emscripten::function("runStart", &run_start);
  emscripten::function("inspectUpdate", &inspect_update);
  emscripten::function("inspectUpdates", &inspect_updates);
  emscripten::function("initialSharpness", &initial_sharpness);
  emscripten::function("heapSize", &heap_size);
  emscripten::function("heapUsed", &heap_used);
  emscripten::class_<SweepHandle>("Sweep")
      .constructor<>()
      .function("configure", &SweepHandle::configure)
      .function("configureShare", &SweepHandle::configure_share)
      .function("advance", &SweepHandle::advance)
      .function("done", &SweepHandle::done)
      .function("trained", &SweepHandle::trained)
      .function("progress", &SweepHandle::progress)
      .function("takeRecords", &SweepHandle::take_records)
      .function("addRecords", &SweepHandle::add_records)
      .function("result", &SweepHandle::result);
  emscripten::class_<RangeTestHandle>("RangeTest")
      .constructor<>()
      .function("configure", &RangeTestHandle::configure)
      .function("advance", &RangeTestHandle::advance)
      .function("done", &RangeTestHandle::done)
      .function("progress", &RangeTestHandle::progress)
      .function("result", &RangeTestHandle::result);
  emscripten::class_<TrainerHandle>("Trainer")
      .constructor<>()
      .function("configure", &TrainerHandle::configure)
      .function("step", &TrainerHandle::step)
      .function("epoch", &TrainerHandle::epoch)
      .function("run", &TrainerHandle::run)
      .function("reset", &TrainerHandle::reset)
      .function("setLearningRate", &TrainerHandle::set_learning_rate)
      .function("setOptimizer", &TrainerHandle::set_optimizer)
      .function("setSchedule", &TrainerHandle::set_schedule)
      .function("setPlateau", &TrainerHandle::set_plateau)
      .function("setEarlyStopping", &TrainerHandle::set_early_stopping)
      .function("setSharpness", &TrainerHandle::set_sharpness)
      .function("sharpness", &TrainerHandle::sharpness)
      .function("resume", &TrainerHandle::resume)
      .function("history", &TrainerHandle::history)
      .function("epochHistory", &TrainerHandle::epoch_history)
      .function("status", &TrainerHandle::status)
      .function("diagnosis", &TrainerHandle::diagnosis)
      .function("diagnosisAt", &TrainerHandle::diagnosis_at)
      .function("settingsJson", &TrainerHandle::settings_json)
      .function("epochsDone", &TrainerHandle::epochs_done)
      .function("updates", &TrainerHandle::updates)
      .function("stepsPerEpoch", &TrainerHandle::steps_per_epoch)
      .function("plateauState", &TrainerHandle::plateau_state)
      .function("earlyStoppingState", &TrainerHandle::early_stopping_state)
      .function("stoppedEarly", &TrainerHandle::stopped_early)
      .function("stopped", &TrainerHandle::stopped)
      .function("learningRate", &TrainerHandle::learning_rate);
}
