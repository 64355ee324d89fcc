// The Embind layer: translation only. JS values in, core calls, typed arrays and plain objects
// out. Core errors (lrlab::Error) never cross as C++ exceptions: 3.1.6 would deliver them as a
// bare pointer. Each entry point catches them and throws a JS Error with the core's message.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <utility>

#include "core/data.h"
#include "core/error.h"
#include "core/random.h"

using emscripten::val;

namespace {

// Runs `body`; on an lrlab::Error throws a JS Error carrying its message. The throw happens after
// every C++ object of the call has been destroyed, so nothing leaks on the error path.
template <typename Body>
val guarded(Body&& body) {
  val message = val::undefined();
  try {
    return body();
  } catch (const lrlab::Error& error) {
    message = val(std::string(error.what()));
  } catch (const std::exception& error) {
    message = val(std::string("internal error: ") + error.what());
  }
  val::global("Error").new_(message).throw_();
}

// Copies out of the wasm heap at once: a typed_memory_view dies when the heap grows.
val copy_to_float64_array(const double* data, std::size_t count) {
  return val(emscripten::typed_memory_view(count, data)).call<val>("slice");
}

val dataset_to_js(const lrlab::Dataset& d) {
  val out = val::object();
  out.set("inputs", static_cast<int>(d.x.rows()));
  out.set("outputs", static_cast<int>(d.y.rows()));
  out.set("count", static_cast<int>(d.x.cols()));
  out.set("x", copy_to_float64_array(d.x.data(), d.x.size()));  // column-major: x0,x1 per sample
  out.set("y", copy_to_float64_array(d.y.data(), d.y.size()));
  return out;
}

// problem({name, samples, noise, val_fraction}, seed) -> {train, val}
val make_problem(val config, double seed) {
  return guarded([&] {
    lrlab::ProblemConfig problem;
    if (config.hasOwnProperty("name")) problem.name = config["name"].as<std::string>();
    if (config.hasOwnProperty("samples")) problem.samples = config["samples"].as<int>();
    if (config.hasOwnProperty("noise")) problem.noise = config["noise"].as<double>();
    if (config.hasOwnProperty("val_fraction"))
      problem.val_fraction = config["val_fraction"].as<double>();
    const lrlab::Problem made = lrlab::make_problem(problem, static_cast<std::uint64_t>(seed));
    val out = val::object();
    out.set("train", dataset_to_js(made.train));
    out.set("val", dataset_to_js(made.val));
    return out;
  });
}

// The first `count` uniform draws of the generator for `seed`: the parity test's probe.
val uniform_stream(double seed, int count) {
  lrlab::Rng rng(static_cast<std::uint64_t>(seed));
  std::vector<double> draws(count);
  for (double& d : draws) d = rng.uniform();
  return copy_to_float64_array(draws.data(), draws.size());
}

}  // namespace

EMSCRIPTEN_BINDINGS(lrlab) {
  emscripten::function("makeProblem", &make_problem);
  emscripten::function("uniformStream", &uniform_stream);
}
