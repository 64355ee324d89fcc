// The page's view of the core: a thin wrapper (web/worker/lrlab-api.js) over the Embind module that
// hides Embind handles, copies arrays out, and turns core errors into thrown Errors.
// Settings objects are the core's settings JSON (see `lrlab defaults`), as plain objects.

export type ParamKind = 'number' | 'integer' | 'boolean' | 'choice' | 'number_list' | 'text';

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  default: number | boolean | string | number[] | null;  // null: a nullable number's "none"
  min: number;
  max: number;
  min_inclusive: boolean;
  max_inclusive: boolean;
  log_scale: boolean;
  nullable: boolean;  // a number that may be null (Keras' None), e.g. early_stopping.baseline
  meaning: string;
  choices: string[];
}

export interface ComponentInfo {
  name: string;
  label: string;
  summary: string;
  params: ParamSpec[];
}
export interface OptimizerInfo extends ComponentInfo {
  default_learning_rate: number;
  rule: string[];  // the update as Keras 3 writes it, one line each (core/optim/<name>.cpp)
}

// One update written out (core/inspect/update_inspection.h): the rate in force, the gradient, the
// optimizer's state at the parameter before and after, the weight before and after.
export interface UpdateInspection {
  optimizer: string;
  epoch: number;          // epochs done before the update (the cursor's epoch)
  step: number;           // updates of the next epoch done before it (the cursor's step)
  update: number;         // the optimizer's t (1: the first update)
  parameter: number;      // index into the flat parameter vector
  parameter_name: string; // "layer 2 W[1, 3]"
  largest: number;        // the parameter that moved most in this update
  largest_name: string;
  parameters: number;     // how many there are
  learning_rate: number;
  gradient: number;
  weight_before: number;
  weight_after: number;
  // of_update: a value this update computed and used (Adam's alpha), shared by every parameter; its
  // before is NaN
  state: { name: string; before: number; after: number; shared: boolean; of_update: boolean; meaning: string }[];
  rule: string[];         // the lines of the rule the run's settings use
}
export interface ScheduleInfo extends ComponentInfo { default_granularity: 'epoch' | 'step'; }

export interface Registry {
  optimizers: OptimizerInfo[];
  schedules: ScheduleInfo[];
  plateau: { params: ParamSpec[] };
  early_stopping: { params: ParamSpec[] };
  sharpness: { params: ParamSpec[] };  // every, iterations, tolerance
  problems: { name: string; task: 'binary' | 'multiclass' | 'regression' }[];
  activations: string[];
  inits: string[];
  losses: string[];
  surfaces: string[];
  // The built-in real problems (data/*.csv): loaded with loadTable and given to what trains on them.
  datasets: { name: string; title: string; task: 'binary' | 'multiclass' | 'regression';
    rows: number; features: number; classes: number }[];
}

// A table the core's CSV door accepted (loadTable). target: the 1-based target column.
export interface DatasetSummary {
  name: string;
  rows: number;
  columns: number;
  has_header: boolean;
  column_names: string[];
  target: number;
  task: 'binary' | 'multiclass' | 'regression';
  classes: number;
  class_names: string[];
  delimiter: ',' | ';' | '\t';
  decimal_comma: boolean;           // some number was written with a decimal comma ("5,9")
  // How the file is written, in the core's words, for the summary: '' for the usual comma-
  // separated file; 'Cells separated by semicolons; decimal commas read as decimal points
  // ("5,9" as 5.9).'
  format: string;
}

export interface Settings {
  version: 1;
  seed: number;
  problem: { name: string; samples: number; noise: number; val_fraction: number };
  model: { hidden: number[]; activation: string; init: string; loss: string };
  optimizer: { name: string; learning_rate: number; [param: string]: unknown };
  schedule: { name: string; granularity: 'epoch' | 'step'; [param: string]: unknown };
  plateau: { enabled: boolean; [param: string]: unknown };
  // Keras' EarlyStopping: monitor, min_delta, patience, mode, baseline (null: none),
  // restore_best_weights, start_from_epoch.
  early_stopping: { enabled: boolean; baseline: number | null; [param: string]: unknown };
  // The sharpness measurement (docs/spec-core.md#sharpness); written by the core only when it
  // differs from its defaults (off).
  sharpness?: { enabled: boolean; every?: number; iterations?: number; tolerance?: number };
  batch_size: number;
  epochs: number;
  // What changed while the run trained, in order (docs/semantics.md, "Changes while training");
  // written by the core only when there are changes.
  changes?: SettingsChange[];
}

// "Before update `step` (0-based, 0 when absent) of epoch `epoch` (0-based), these sections
// became ...": the core replays it with the setters the page's live change used.
export interface SettingsChange {
  epoch: number;
  step?: number;
  optimizer?: Settings['optimizer'];
  schedule?: Settings['schedule'];
  plateau?: Settings['plateau'];
}

export interface RunEvent {
  kind: 'plateau_reduction' | 'diverged' | 'schedule_error' | 'early_stop';
  epoch: number;
  step: number;
  old_lr: number;
  new_lr: number;
  monitored: number;
  message: string;
  // early_stop only: epochs without improvement (Keras' wait) against patience, the best epoch
  // (0-based) and its value, and whether the run went back to that epoch's weights.
  wait?: number;
  patience?: number;
  best_epoch?: number;
  best?: number;
  restored_best_weights?: boolean;
}

// What a run recorded per epoch, with its events and divergence (Trainer.epochHistory).
export interface EpochHistory {
  train_loss: Float64Array;
  val_loss: Float64Array;       // NaN without a validation set
  accuracy: Float64Array;       // NaN for regression
  val_accuracy: Float64Array;
  learning_rate: Float64Array;
  // A schedule-free rule's losses at the weights it reports (x) after each epoch; NaN otherwise.
  reported_train_loss: Float64Array;
  reported_val_loss: Float64Array;
  events: RunEvent[];
  diverged: boolean;
  diverged_epoch: number;  // -1 if not diverged
  diverged_step: number;
  initial_train_loss: number;  // before the first update
}

// One entry per sharpness measurement (Trainer.sharpness), at the initial weights and after every
// `every`-th epoch.
export interface SharpnessHistory {
  sharpness_epoch: Float64Array;     // epochs completed when measured
  sharpness_step: Float64Array;      // updates done when measured
  sharpness: Float64Array;           // top eigenvalue of the training loss's Hessian
  sharpness_preconditioned: Float64Array;  // of P^-1 H (Adam, AdamW), else NaN
  // The stability threshold at the rate in force: on sharpness_preconditioned where it is a
  // number, else on sharpness (2/lr for SGD, (2+2 momentum)/lr, (2+2 beta_1)/((1-beta_1) lr)).
  sharpness_threshold: Float64Array;
  sharpness_iterations: Float64Array;  // Hessian-vector products spent
}

// The same with the per-step records (Trainer.history).
export interface History extends EpochHistory {
  // per recorded step (every step_stride-th update)
  step_index: Float64Array;
  step_loss: Float64Array;
  step_learning_rate: Float64Array;
  step_size_min: Float64Array;
  step_size_median: Float64Array;
  step_size_max: Float64Array;
  step_stride: number;
}

// Where a run stands, with no series (Trainer.status).
export interface TrainerStatus {
  epochs_done: number;
  updates: number;
  stopped: boolean;         // diverged, or paused by a schedule error
  stopped_by: string;       // the kind of the event that stopped it ('diverged', 'schedule_error', 'early_stop'); '' if not stopped
  diverged: boolean;
  diverged_epoch: number;   // -1 if not diverged
  learning_rate: number;    // in force now
}

// ReduceLROnPlateau's state now: the last monitored value, best so far, wait vs patience,
// cooldown left, cuts recorded.
export interface PlateauState {
  monitor: string; mode: 'min' | 'max'; last: number; best: number; wait: number;
  patience: number; cooldown_left: number; cooldown: number; cuts: number;
}

// A verdict: the kind the core chose (core/experiments/diagnosis.h), the numbers it rests on, and
// every form it is said in (core/words/verdict_words.h). The page places these words as they are.
export interface Diagnosis {
  verdict: string;                  // the kind's id: what lessons' answers and data-verdict name
  sentence: string;                 // the card's sentence (= words.sentence)
  evidence: Record<string, number>;
  words: VerdictWords;
}

export interface VerdictWords {
  kind: string;
  sentence: string;      // under the run's row
  badge: string;         // beside the run's title
  tone: string;          // colour meaning: "slow" | "good" | "unstable" | "unknown" (one palette)
  story: string;         // the story's clause about this run
  cause: string;         // why a stalling run is stuck: small_steps, plateau, settled_higher; "" otherwise
  tooltip: string;       // after a sweep rate's loss in its tooltip
  sweep: string;         // after "is" / "was" in the sweep card
  where: string;         // "where the sweep ..." ('' for a rate in no region)
  at_lowest: string;     // the sweep card on its lowest-loss rate
  lowest_seen: string;   // the lesson feedback on the sweep's lowest-loss rate
  lesson: string;        // the lesson feedback on a run; "{run}" stands for the run's name
  summary: string;       // the command line's line
  stop: string;          // 'stopped early at epoch 23: no improvement for 6 epochs', or ''
  region: string;        // sweep chart: neighbours with the same id form one shaded region
  region_edge: string;   // 'left' | 'right': the chart edge a labelled region reaches
  region_label: string;  // the region's words (its highest region_rank member's)
  region_rank: number;
  steady: boolean;       // converged steadily
  judged: boolean;       // false: too early to say
}

export interface Trainer {
  step(): boolean;                  // false once stopped
  epoch(): boolean;
  run(epochs: number): number;      // epochs completed
  reset(): void;
  setLearningRate(lr: number): void;        // throws Error naming the field
  setOptimizer(optimizer: Settings['optimizer']): void;
  setSchedule(schedule: Settings['schedule']): void;
  setPlateau(plateau: Settings['plateau']): void;
  setEarlyStopping(earlyStopping: Settings['early_stopping']): void;  // fresh counters
  // On, off or a new cadence; the next measurement is at the next multiple of `every` epochs.
  setSharpness(sharpness: NonNullable<Settings['sharpness']>): void;
  sharpness(from?: number): SharpnessHistory;  // the measurements from the from-th on
  resume(): boolean;                // continues a run a schedule error stopped (not a diverged or
                                    // early-stopped one)
  // Copies, safe to keep. Offsets are counts: past the end reads nothing.
  history(fromEpoch?: number, fromStep?: number): History;
  epochHistory(fromEpoch?: number): EpochHistory;  // the per-epoch part alone: no step records
  status(): TrainerStatus;
  // bestReference: the lowest loss a compared run reached; lowerRateBest: the lowest a compared
  // run at a lower rate, trained alike otherwise, reached (a stall far above it is a plateau).
  diagnosis(bestReference?: number, lowerRateBest?: number): Diagnosis;
  // The verdict as of `epochs` epochs done: the diagnosis of the history as it stood then.
  diagnosisAt(epochs: number, bestReference?: number, lowerRateBest?: number): Diagnosis;
  readonly epochsDone: number;
  readonly updates: number;
  readonly stepsPerEpoch: number;   // mini-batches per epoch (training size / batch, rounded up)
  plateauState(): PlateauState | null;  // null without the callback
  // EarlyStopping's state now (null without the callback): the last monitored value, best so far
  // and its 0-based epoch, wait vs patience, and the 0-based epoch it stopped after (-1: not yet).
  earlyStoppingState(): { monitor: string; mode: 'min' | 'max'; last: number; best: number;
    best_epoch: number; wait: number; patience: number; start_from_epoch: number;
    stopped_epoch: number } | null;
  readonly stopped: boolean;
  readonly stoppedEarly: boolean;   // EarlyStopping ended the run
  readonly learningRate: number;
  settings(): Settings;
  delete(): void;
}

export interface LandscapePath {
  learning_rate_base: number;
  x: Float64Array;              // entry k: the point after k updates (0 = start)
  y: Float64Array;
  loss: Float64Array;
  learning_rate: Float64Array;  // rate of update k+1
  steps_done: number;
  diverged: boolean;
  diverged_at_step: number;     // -1 if not diverged
}

export interface LandscapeView {
  surface: { name: string; label: string; summary: string; x_name: string; y_name: string;
             dimensions: 1 | 2; view: { x_min: number; x_max: number; y_min: number; y_max: number };
             min_x: number; min_y: number };
  stability_bound: number;      // 2/L where the Hessian is constant, else NaN
  contours: { level: number; x: Float64Array; y: Float64Array }[];  // polylines split by NaN
  curve: { x: Float64Array; loss: Float64Array };                   // 1-D surfaces
  paths: LandscapePath[];
}

export interface LandscapeRequest {
  surface: string;
  grid?: number;
  levels?: number;
  seed?: number;
  problem?: Partial<Settings['problem']>;
  start_x?: number;
  start_y?: number;
  steps?: number;
  runs?: { optimizer?: Settings['optimizer']; schedule?: Settings['schedule'] }[];
}

export interface SweepOptions { low?: number; high?: number; count?: number; epochs?: number; }
// Which rate to use (core/experiments/sweep.h, SweepRecommendation), once the sweep is done: among
// the rates that neither diverged nor overshoot, the lowest final `measure` (the validation loss
// when the problem has a validation set, else the training loss); and the unbroken band of rates
// around it whose final measure is within `tolerance` (relative: value * (1 + tolerance)) of its
// own: the rates that do about as well. index -1, rates NaN and measure '' when no rate
// qualifies (every rate diverged or overshoots) or the sweep is not done.
export interface SweepRecommendation {
  index: number;                    // grid position of the recommended rate, or -1
  rate: number;
  measure: 'val_loss' | 'train_loss' | '';
  value: number;                    // the recommended rate's final measure
  val_loss: number;                 // its final validation loss (NaN without a validation set)
  val_accuracy: number;             // its final validation accuracy (NaN for regression)
  train_loss: number;               // its final training loss
  tolerance: number;                // 0.2: within 20% counts as about as well
  band_low_index: number;           // band_low_index <= index <= band_high_index
  band_high_index: number;
  band_low_rate: number;
  band_high_rate: number;
}
export interface SweepResult {
  rates: Float64Array;
  initial_train_loss: Float64Array;
  final_train_loss: Float64Array;   // a diverged rate: its last finite epoch's loss (NaN if none)
  final_val_loss: Float64Array;     // NaN without a validation set
  final_val_accuracy: Float64Array; // NaN for regression or without a validation set
  best_train_loss: Float64Array;
  diverged: Float64Array;           // 1 or 0
  diverged_epoch: Float64Array;     // -1 if not diverged
  epochs_run: Float64Array;
  verdict: string[];                // filled when the sweep is done
  sentence: string[];
  words: (VerdictWords | null)[];   // every form of each rate's verdict, once done
  completed: number;                // rates finished so far
  best_final_loss: number;
  best_index: number;
  // Once done: what "stalling" is judged against (the lowest epoch loss any rate reached), and
  // the lowest final loss among the rates diagnosed converging (-1 / NaN if none).
  stall_reference: number;
  best_converging_loss: number;
  best_converging_index: number;
  recommendation: SweepRecommendation;
}

export interface RangeTestOptions { start?: number; end?: number; steps?: number; }
export interface Suggestion { rate: number; index: number; loss: number; }
export interface RangeTestResult {
  rates: Float64Array;
  loss: Float64Array;
  smoothed: Float64Array;
  planned_steps: number;
  blew_up: boolean;
  // fastai's lr_find rules over the window [planned_steps//10 : -5] (docs/spec-schedules.md#lr-range-test).
  steepest: Suggestion;             // fastai "steep"
  minimum_over_10: Suggestion;      // fastai "minimum"
  valley: Suggestion;               // fastai's default suggestion
}

// An experiment run in slices: call advance() a little per frame; delete() when done.
export interface Sliced<Result> {
  advance(amount: number): number;  // epochs (sweep) or steps (range test) of work done
  readonly done: boolean;
  readonly progress: number;        // 0..1
  result(): Result;
  delete(): void;
}

// One finished rate of a sweep, as a worker's share hands it to the collecting one.
export interface SweepRecord {
  index: number;                    // its position in the rate grid
  train_loss: Float64Array;         // per finished epoch
  final_val_loss: number;
  final_val_accuracy?: number;      // NaN (or absent) for regression or without a validation set
  initial_train_loss: number;
  diverged: boolean;
  diverged_epoch: number;           // -1 if not diverged
  error: string;                    // its trainer could not be built ('' normally)
}

// One worker's share of a sweep spread over several (part `part` of `parts`).
export interface SweepShare extends Sliced<SweepResult> {
  readonly trained: boolean;        // its own rates are trained (done: every rate is in)
  takeRecords(): SweepRecord[];     // its rates finished since the last call
  addRecords(records: SweepRecord[]): void;  // rates trained elsewhere; throws Error if refused
}

// A run's exact start (core/run_start.h): its samples, sample after sample (x: `inputs` numbers
// per sample, y: `outputs`), and its initial weights, each weight outputs x inputs row-major.
export interface RunStartSamples { count: number; x: Float64Array; y: Float64Array; }
export interface RunStartLayer { inputs: number; outputs: number; weight: Float64Array; bias: Float64Array; }
export interface RunStart {
  task: 'binary' | 'multiclass' | 'regression';
  inputs: number;
  outputs: number;
  train: RunStartSamples;
  val: RunStartSamples;
  layers: RunStartLayer[];
}

// A real problem's table, owned by JS: delete() frees it (trainers given it keep their own copy).
export interface Table { readonly name: string; delete(): void; }

export type RateSource = 'scaled' | 'absolute' | 'reads_lr';

// Python expressions the listing uses for the schedule's position and the formula variables.
export interface PythonNames { position: string; epoch: string; step: string; lr: string; lr0: string }

// A framework class with the run's values filled in; null where the framework has none.
export interface SpelledCall { call: string; arguments: string[]; notes: string[] }

export interface CodeFacts {
  schedule: { rateSource: RateSource; body: string[]; keras: SpelledCall | null; pytorch: SpelledCall | null };
  optimizer: { keras: SpelledCall; pytorch: SpelledCall };
}

export interface FormulaCheck { ok: boolean; message: string; position: number; }

export interface LrlabApi {
  registry(): Registry;
  defaultSettings(): Settings;
  // `table`: the real problem's table the settings name (loadTable); none for generated problems.
  validateSettings(settings: unknown, table?: Table): Settings;   // canonical form, or throws Error
  createTrainer(settings: unknown, table?: Table): Trainer;       // throws Error naming the field
  // The schedule's parameters measured in positions (epochs, or steps per step), with their
  // defaults for a run of `positions` positions (core/schedule/run_length.h).
  scheduleRunDefaults(name: string, positions: number): Record<string, number | number[]>;
  previewSchedule(schedule: Settings['schedule'], learningRate: number, count: number,
                  stepsPerEpoch?: number): Float64Array;
  /** The rate the settings give each epoch (perStep: each update), their changes included (core/schedule/run_rates.h). */
  previewRunRates(settings: unknown, epochs: number, stepsPerEpoch: number, perStep: boolean, table?: Table): Float64Array;
  checkFormula(expression: string): FormulaCheck;
  // Where the schedule's rate comes from (core/schedule/schedule.h): a multiple of the run's rate,
  // the rate itself whatever the run's rate, or from the rate in force `lr`.
  scheduleRateSource(schedule: Settings['schedule']): RateSource;
  // The core's part of one run's "as code" listings (core/python/listing.h).
  codeFacts(settings: Settings, names: PythonNames): CodeFacts;
  landscape(request: LandscapeRequest): LandscapeView;
  runStart(settings: unknown, table?: Table): RunStart;  // throws Error naming the field
  // One update replayed from the settings, with the numbers it used (parameter -1: the one that
  // moved most); throws Error when the run never took it.
  inspectUpdate(settings: unknown, epoch: number, step: number, parameter: number, table?: Table): UpdateInspection;
  /** `count` updates from (epoch, step) on from one replay; fewer where the run stopped first. */
  inspectUpdates(settings: unknown, epoch: number, step: number, count: number, parameter: number, table?: Table): UpdateInspection[];
  // The sharpness at the settings' initial weights (NaN if they are not finite); throws as runStart.
  initialSharpness(settings: unknown, table?: Table): number;
  createSweep(settings: unknown, options: SweepOptions, table?: Table): Sliced<SweepResult>;
  createSweepShare(settings: unknown, options: SweepOptions, part: number, parts: number, table?: Table): SweepShare;
  createRangeTest(settings: unknown, options: RangeTestOptions, table?: Table): Sliced<RangeTestResult>;  // throws Error naming the field
  heapSize(): number;   // bytes of wasm memory
  heapUsed(): number;   // bytes currently allocated by the core
  // A real problem's table ("csv": the user's file; a built-in name: its data/*.csv text),
  // checked by the core's CSV door. target 1-based (0: the only text column, else the last), task
  // auto, classification or regression. Throws an Error naming the row and column. Nothing is
  // kept in the module: the table goes to whatever trains on it.
  loadTable(name: string, text: string, target?: number, task?: string): { summary: DatasetSummary; table: Table };
}

