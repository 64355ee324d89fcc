// Schedule defaults that follow the run (core/schedule/run_length.h). A parameter measured in
// epochs or steps (cosine's decay_steps, one-cycle's total_steps, step decay's step_size,
// milestones, warm-up...) starts as a fraction of the run's length, and moves with it when the
// run's length changes ("Stop after", the batch size, the problem, the granularity), for as long
// as it still holds the value the run's length gave it: a value the user typed stays.

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The worker's side: the core's defaults for a run of these settings' length.
// api: web/worker/lrlab-api.js; stepsPerEpoch(batchSize): the run pool's (the preview uses the same);
// table: the real problem's table the settings name (web/worker/worker-tables.js), if any.
export function runLengthDefaults(api, stepsPerEpoch, settings, table) {
  const canonical = api.validateSettings(settings, table);
  const { schedule, epochs, batch_size: batchSize } = canonical;
  const positions = schedule.granularity === 'step' ? epochs * stepsPerEpoch(batchSize) : epochs;
  return api.scheduleRunDefaults(schedule.name, positions);
}

// The page's side, on every proposed change: `before` and `after` are page states (after is the
// draft about to be applied; its schedule is changed in place). call: the worker's requests.
export async function followRunLength(before, after, call) {
  const a = before.settings;
  const b = after.settings;
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
