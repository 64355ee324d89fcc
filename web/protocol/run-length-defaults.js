// Schedule defaults that follow the run (core/schedule/run_length.h). A parameter measured in
// epochs or steps (cosine's decay_steps, one-cycle's total_steps, step decay's step_size,
// milestones, warm-up...) starts as a fraction of the run's length, and moves with it when the
// run's length changes ("Stop after", the batch size, the problem, the granularity), for as long
// as it still holds the value the run's length gave it: a value the user typed stays.

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The worker's side: the core's defaults for a run of these settings' length.
// api: web/worker/lrlab-api.js; stepsPerEpoch(batchSize, canonical): how many steps an epoch of
// these settings takes (the run pool's stepsPerEpochOf); table: the real problem's table the
// settings name (web/worker/worker-tables.js), if any.
export function runLengthDefaults(api, stepsPerEpoch, settings, table) {
  const canonical = api.validateSettings(settings, table);
  const { schedule, epochs, batch_size: batchSize } = canonical;
  const positions = schedule.granularity === 'step' ? epochs * stepsPerEpoch(batchSize, canonical) : epochs;
  return api.scheduleRunDefaults(schedule.name, positions);
}

// The page's side, on every proposed change: `before` and `after` are page states (after is the
// draft about to be applied; its schedules are changed in place): the shared schedule, and each
// run's own (web/page/state.js runSettings), which follows its run's length the same way. A run
// that just got a schedule of its own had, before, the shared one. call: the worker's requests.
export async function followRunLength(before, after, call) {
  await followSchedule(before.settings, after.settings, call);
  for (const run of after.runs) {
    const schedule = run.own?.schedule;
    if (!schedule || run.branch) continue;
    // A schedule just given to the run counts as picked, even one of the shared schedule's name.
    const was = before.runs.find((other) => other.key === run.key)?.own?.schedule;
    const from = { ...before.settings, schedule: was ?? { name: null } };
    await followSchedule(from, { ...after.settings, schedule }, call);
  }
}

// One schedule, `b.schedule` (changed in place), following its run from settings `a` to `b`.
async function followSchedule(a, b, call) {
  const picked = a.schedule.name !== b.schedule.name;
  const moved = a.epochs !== b.epochs || a.batch_size !== b.batch_size
    || a.schedule.granularity !== b.schedule.granularity || !same(a.problem, b.problem);
  if (!picked && !moved) return;
  try {
    const next = await call('runLengthDefaults', { settings: b });
    // A schedule just picked arrives as {name} (or with what a link or a lesson set): what is
    // missing takes the run's defaults. Otherwise a value still at the old run's default moves.
    const old = picked ? {} : await call('runLengthDefaults', { settings: a });
    for (const [name, value] of Object.entries(next)) {
      const current = b.schedule[name];
      if (current === undefined || (!picked && same(current, old[name]))) b.schedule[name] = value;
    }
  } catch {
    // Settings the core refuses: the apply that follows names the field; nothing to follow.
  }
}

/**
 * A schedule a link gives (`given`: the fields it names) completed as a picked one is: each field
 * that follows the run's length and that the link leaves out takes the length of the run of
 * `settings` (the link's settings as the core completed them, with the schedule's fixed defaults).
 * @param {Record<string, any>} settings
 * @param {Record<string, any> | undefined} given
 * @param {(settings: Record<string, any>) => Promise<Record<string, any>>} lengthDefaults
 * @returns {Promise<Record<string, any> | null>} the schedule to use, or null when nothing moved
 */
export async function linkScheduleLength(settings, given, lengthDefaults) {
  if (!given || typeof given !== 'object') return null;
  let lengths;
  try {
    lengths = await lengthDefaults(settings);
  } catch {
    return null;
  }
  const schedule = { ...settings.schedule };
  let moved = false;
  for (const [name, value] of Object.entries(lengths)) {
    if (name in given || same(schedule[name], value)) continue;
    schedule[name] = value;
    moved = true;
  }
  return moved ? schedule : null;
}
