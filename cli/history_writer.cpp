#include "cli/history_writer.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/words/verdict_words.h"

namespace lrlab {

namespace {

// CSV and JSON both need a number's round-trip text; NaN (no validation set, regression
// accuracy) is an empty CSV cell and a JSON null.
std::string number_text(double value, const char* missing) {
  if (std::isnan(value)) return missing;
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

// JSON has no NaN or Infinity: a non-finite value (a missing validation loss, an exploded loss)
// is written as null.
std::string json_number(double value) {
  return std::isfinite(value) ? number_text(value, "null") : "null";
}

void write_json_array(std::ostream& out, const char* name, const std::vector<double>& values) {
  out << "\"" << name << "\":[";
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << json_number(values[i]);
  out << "]";
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

void write_epochs_csv(std::ostream& out, const History& h) {
  // A schedule-free run also has its losses at the weights it reports (x; train_loss and val_loss
  // are at y, where its gradients are taken): two more columns, for such runs only.
  bool reported = false;
  for (double loss : h.reported_train_loss) reported = reported || !std::isnan(loss);
  out << "epoch,learning_rate,train_loss,val_loss,accuracy,val_accuracy"
      << (reported ? ",reported_train_loss,reported_val_loss" : "") << "\n";
  for (long e = 0; e < h.epochs(); ++e) {
    out << e << "," << number_text(h.epoch_lr[e], "") << "," << number_text(h.train_loss[e], "")
        << "," << number_text(h.val_loss[e], "") << "," << number_text(h.accuracy[e], "") << ","
        << number_text(h.val_accuracy[e], "");
    if (reported)
      out << "," << number_text(h.reported_train_loss[e], "") << ","
          << number_text(h.reported_val_loss[e], "");
    out << "\n";
  }
}

void write_steps_csv(std::ostream& out, const History& h) {
  out << "step,learning_rate,loss,step_size_min,step_size_median,step_size_max\n";
  for (std::size_t i = 0; i < h.step_loss.size(); ++i) {
    out << number_text(h.step_index[i], "") << "," << number_text(h.step_lr[i], "") << ","
        << number_text(h.step_loss[i], "") << "," << number_text(h.step_size_min[i], "") << ","
        << number_text(h.step_size_median[i], "") << "," << number_text(h.step_size_max[i], "")
        << "\n";
  }
}

void write_sharpness_csv(std::ostream& out, const History& h) {
  out << "epoch,step,sharpness,sharpness_preconditioned,sharpness_threshold,iterations\n";
  for (std::size_t i = 0; i < h.sharpness.size(); ++i) {
    out << number_text(h.sharpness_epoch[i], "") << "," << number_text(h.sharpness_step[i], "")
        << "," << number_text(h.sharpness[i], "") << ","
        << number_text(h.sharpness_preconditioned[i], "") << ","
        << number_text(h.sharpness_threshold[i], "") << ","
        << number_text(h.sharpness_iterations[i], "") << "\n";
  }
}

void write_history_json(std::ostream& out, const Settings& settings, const History& h,
                        const Diagnosis& diagnosis) {
  out << "{\"settings\":" << settings_to_json(settings) << ",\"history\":{";
  const char* separator = "";
  for (const auto& series : {epoch_series(h), step_series(h), sharpness_series(h)}) {
    for (const NamedSeries& named : series) {
      out << separator;
      write_json_array(out, named.name, *named.values);
      separator = ",";
    }
  }
  out << ",\"initial_train_loss\":" << json_number(h.initial_train_loss);
  out << ",\"step_stride\":" << h.step_stride;
  out << ",\"diverged\":" << (h.diverged ? "true" : "false");
  out << ",\"diverged_epoch\":" << h.diverged_epoch << ",\"diverged_step\":" << h.diverged_step;
  out << ",\"events\":[";
  for (std::size_t i = 0; i < h.events.size(); ++i) {
    const Event& e = h.events[i];
    out << (i ? "," : "") << "{\"kind\":\"" << event_kind_name(e.kind) << "\",\"epoch\":" << e.epoch
        << ",\"step\":" << e.step << ",\"old_lr\":" << json_number(e.old_lr)
        << ",\"new_lr\":" << json_number(e.new_lr) << ",\"monitored\":" << json_number(e.monitored)
        << ",\"message\":" << json_string(e.message);
    if (e.kind == Event::Kind::EarlyStop)
      out << ",\"wait\":" << e.wait << ",\"patience\":" << e.patience
          << ",\"best_epoch\":" << e.best_epoch << ",\"best\":" << json_number(e.best)
          << ",\"restored_best_weights\":" << (e.restored_best_weights ? "true" : "false");
    out << "}";
  }
  out << "]}";
  const VerdictWords words = word_verdict(diagnosis);
  out << ",\"diagnosis\":{\"verdict\":" << json_string(words.kind)
      << ",\"sentence\":" << json_string(words.sentence) << ",\"evidence\":{";
  separator = "";
  for (const auto& [name, value] : evidence_entries(diagnosis)) {
    out << separator << json_string(name) << ":" << json_number(value);
    separator = ",";
  }
  out << "}}}\n";
}

}  // namespace lrlab
