// What the schedule preview says about the schedule it draws: the "What am I looking at?" note,
// in the core's registry words (the schedule's label and its formula in one line, the same words
// the schedule card shows under its picker), and the title, which names the axis the chart draws
// (a per-step schedule's rates are drawn against epochs too).

/**
 * @param {Record<string, any>} schedule the schedule in force (settings.schedule)
 * @param {{schedules: Array<{name: string, label: string, summary: string}>}} registry the core's
 * @returns {string}
 */
export function scheduleNote(schedule, registry) {
  const entry = (name) => registry.schedules.find((s) => s.name === name);
  const info = entry(schedule.name);
  const perStep = schedule.granularity === 'step';
  const what = perStep ? 'The rate each update will use, drawn against the epochs it falls in.' : 'The rate each epoch will use.';
  if (!info) return what;
  if (schedule.name === 'formula' && schedule.expression) return `${what} ${info.label}: ${schedule.expression}.`;
  const s = perStep ? 'where s counts the updates (steps) since the start' : 'where s is the epoch';
  let text = `${what} ${info.label}: ${info.summary}, ${s}`;
  const parts = partsOf(schedule);
  if (parts.length) {
    const unit = perStep ? 'update' : 'epoch';
    const milestones = Array.isArray(schedule.milestones) ? schedule.milestones : [];
    const named = parts.map((part, i) => {
      const label = entry(part?.name)?.label ?? String(part?.name ?? '?');
      return i === 0 ? label : `${label}${schedule.name === 'sequential' && milestones[i - 1] !== undefined ? ` from ${unit} ${milestones[i - 1]}` : ''}`;
    });
    text += `; here ${named.join(schedule.name === 'sequential' ? ', then ' : ' times ')}`;
  }
  return `${text}.`;
}

// A sequence's or product's parts, given as a list or as its JSON text.
function partsOf(schedule) {
  let { parts } = schedule;
  if (typeof parts === 'string') {
    try {
      parts = JSON.parse(parts);
    } catch {
      return [];
    }
  }
  return Array.isArray(parts) ? parts : [];
}

/**
 * The preview's title: the x axis is epochs whatever the granularity.
 * @param {string} granularity
 */
export function scheduleTitle(granularity) {
  return granularity === 'step' ? "Preview: lr at each update, against epochs, for each run's rate" : "Preview: lr(epoch) for each run's rate";
}
