#include "core/history.h"

namespace lrlab {

const char* event_kind_name(Event::Kind kind) {
  switch (kind) {
    case Event::Kind::PlateauReduction:
      return "plateau_reduction";
    case Event::Kind::Diverged:
      return "diverged";
    case Event::Kind::ScheduleError:
      return "schedule_error";
  }
  return "unknown";
}

void History::clear() { *this = History(); }

}  // namespace lrlab
