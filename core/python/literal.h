#pragma once
// Python literals for the "as code" listings (web/exports/code-export.js prints them;
// docs/architecture.md, "Sharing and exports"). A number reads as JavaScript's String(x) writes it
// (the shortest text that reads back as the same double), so the core's and the page's parts of one
// listing spell a number alike; a float with an integer value gets ".0" (Python would make an int
// of "0").
#include <string>
#include <vector>

namespace lrlab::python {

// JavaScript's Number.prototype.toString for a finite double: "0.001", "1e-7", "1.5e+21".
std::string js_number(double value);

std::string float_literal(double value);  // 0.1 -> "0.1", 3 -> "3.0", 1e-7 -> "1e-7"
std::string int_literal(double value);    // rounded: 10 -> "10"
std::string bool_literal(bool value);     // "True" / "False"
// A tuple of floats: "(0.1, 0.2)"; one element keeps its comma: "(0.1,)".
std::string float_tuple(const std::vector<double>& values);
// Comma-separated, as inside a list: "3, 9, 30" (ints) or "0.05, 0.01" (floats).
std::string joined(const std::vector<double>& values, bool integers);

}  // namespace lrlab::python
