#include "core/callbacks/callback.h"

#include <cstdio>

namespace lrlab {

double monitored_value(const std::string& monitor, const EpochLogs& logs) noexcept {
  if (monitor == "loss") return logs.loss;
  if (monitor == "accuracy") return logs.accuracy;
  if (monitor == "val_accuracy") return logs.val_accuracy;
  return logs.val_loss;
}

bool maximizes(const std::string& monitor, const std::string& mode) noexcept {
  return mode == "max" || (mode == "auto" && monitor.find("acc") != std::string::npos);
}

std::string format_numbers(const char* pattern, double a, double b, double c) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, pattern, a, b, c);
  return buffer;
}

}  // namespace lrlab
