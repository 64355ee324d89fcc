// A settings field as the page's controls name it: "batch_size" -> "Batch size",
// "optimizer.beta_1" -> "beta_1 (Optimizer)". Messages shown to people (link notices, errors
// without a control beside them) use these names, never the core's internal paths.
const NAMES = {
  seed: 'Seed',
  epochs: 'Stop after (epochs)',
  batch_size: 'Batch size',
  'problem.name': 'Problem',
  'problem.samples': 'Samples',
  'problem.noise': 'Noise',
  'problem.val_fraction': 'Validation share',
  'model.hidden': 'Hidden layers',
  'model.activation': 'Activation',
  'model.init': 'Initialisation',
  'model.loss': 'Loss',
  'optimizer.name': 'Optimizer',
  'optimizer.learning_rate': 'Learning rate',
  'schedule.name': 'Schedule',
  'schedule.granularity': 'Evaluated per',
  'plateau.enabled': 'Plateau callback',
  'early_stopping.enabled': 'Early stopping',
  'view.surface': 'Surface',
  schedule: 'Learning-rate schedule',
  optimizer: 'Optimizer',
  plateau: 'Plateau callback',
  early_stopping: 'Early stopping',
};
const SECTIONS = { optimizer: 'Optimizer', schedule: 'Learning-rate schedule', plateau: 'Plateau callback', early_stopping: 'Early stopping', problem: 'Problem and model', model: 'Problem and model' };

export function visibleName(field) {
  const plain = field.replace(/\[(\d+)\]/g, '');
  const item = /\[(\d+)\]/.exec(field);
  const suffix = item ? `, item ${Number(item[1]) + 1}` : '';
  if (NAMES[plain]) return NAMES[plain] + suffix;
  const [section, ...rest] = plain.split('.');
  if (SECTIONS[section] && rest.length) return `${rest.join('.')} (${SECTIONS[section]})${suffix}`;
  return field;
}

// "optimizer.beta_1: 5 is not allowed (...)" -> {field, name: "beta_1 (Optimizer)",
// rest: "5 is not allowed (...)"}; a message without a leading field gives field null.
export function splitMessage(message) {
  const match = /^([A-Za-z_][\w.[\]]*): (.*)$/s.exec(message);
  if (!match || !/[._]|^[a-z]+$/.test(match[1])) return { field: null, name: null, rest: message };
  return { field: match[1], name: visibleName(match[1]), rest: match[2] };
}

// The message with its leading internal path replaced by the control's name.
export function readableMessage(message) {
  const { name, rest } = splitMessage(message);
  return name ? `${name}: ${rest}` : message;
}

// The core's "(must be a finite number > 0 and <= 1e6)" in words: "must be above 0 and at most 1e6".
export function allowedWords(allowed) {
  return allowed.replace(/\ba finite number (?=[<>])/g, '')
    .replace(/>= ?(\S+)/g, 'at least $1').replace(/<= ?(\S+)/g, 'at most $1')
    .replace(/> ?(\S+)/g, 'above $1').replace(/< ?(\S+)/g, 'below $1');
}

/**
 * The core's refusal beside a control, in the control's own words: "Learning rate of run 2: -3 is
 * not allowed: must be above 0 and at most 1e6. <recovery>". The core names its own field
 * ("optimizer.learning_rate"), which the page's controls do not show: it is dropped, or, when it
 * is not the control's own, replaced by `other` (as its control shows it). A message that already
 * begins with the label is not labelled twice.
 * @param {string} label the control's visible label
 * @param {string} message the core's message
 * @param {string} recovery how to go on
 * @param {string | null} [other] the visible name of another field the core named
 */
export function refusalInWords(label, message, recovery, other = null) {
  return `${inLabelWords(label, message, other)}. ${recovery}`;
}

/**
 * The core's message in a control's words, without its field path and its closing stop:
 * "schedule: rate at epoch 3 is inf (must be a finite number > 0)" beside the formula box ->
 * "expression: rate at epoch 3 is inf: must be above 0".
 * @param {string} label the control's visible label
 * @param {string} message the core's message
 * @param {string | null} [other] the visible name of another field the core named
 */
export function inLabelWords(label, message, other = null) {
  const { rest } = splitMessage(message);
  const refused = /^(.*) is not allowed \((.*)\)$/s.exec(rest);
  // "... is inf (must be ...)" and the schedule's "... is -0.99, must be ..." alike.
  const bounded = /^(.*?) \((must .*)\)$/s.exec(rest) ?? /^(.*?), (must .*)$/s.exec(rest);
  const said = refused ? `${refused[1]} is not allowed: ${allowedWords(refused[2])}`
    : bounded ? `${bounded[1]}: ${allowedWords(bounded[2])}` : rest;
  const named = (other && other !== label ? `${other}: ${said}` : said).replace(/\.$/, '');
  return `${named.startsWith(`${label}: `) ? '' : `${label}: `}${named}`;
}
