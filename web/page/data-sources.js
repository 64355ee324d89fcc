// Real data for the workers. A built-in table (data/<name>.csv) is fetched only when a problem
// first needs it (it is not part of the first chart's weight; the single-file build answers the
// fetch from its inlined copy), and the user's CSV is read from the chosen or dropped file: it
// never leaves the browser. The text goes to the training worker's core first, whose CSV door
// checks it (a bad file changes nothing there and its message, naming row and column, comes
// back). Any other worker (the sweep's helpers) gets a table just before the first request that
// trains on it (web/page/worker-client.js asks tablesFor), so no worker holds a table it never uses.
const BUILT_IN = new Set(['iris', 'wine', 'breast_cancer', 'digits', 'diabetes']);
export const USER_CSV = 'csv';
export const isBuiltInData = (name) => BUILT_IN.has(name);
export const isRealProblem = (name) => BUILT_IN.has(name) || name === USER_CSV;

// name -> {text, target, task}: the table the workers train on. A new load replaces the object,
// so a worker can tell by identity whether it holds the current one.
const tables = new Map();
const fetching = new Map();  // name -> promise of the built-in table's text
let userFile = null;         // {fileName, summary} of the user's CSV once the core accepted it

// The problems a request's settings train on ({settings} or {runs: [{settings}]}).
function problemNames(args) {
  const names = new Set();
  if (args?.settings?.problem?.name) names.add(args.settings.problem.name);
  for (const run of Array.isArray(args?.runs) ? args.runs : []) if (run?.settings?.problem?.name) names.add(run.settings.problem.name);
  return names;
}

// [name, table] of the loaded tables a request's settings need.
export function tablesFor(args) {
  const needed = [];
  for (const name of problemNames(args)) if (tables.has(name)) needed.push([name, tables.get(name)]);
  return needed;
}

// Checks `table` as `name` in the primary worker (its answer, or its error, is returned); the
// other workers get it when they need it.
async function checkAndKeep(primaryCall, name, table) {
  const summary = await primaryCall('loadDataset', { name, table });
  tables.set(name, table);
  return summary;
}

// Makes sure the table a problem needs is loaded: a no-op for the generated problems and for a
// table already loaded. The user's CSV cannot be fetched: it must have been given.
export async function ensureProblemData(primaryCall, name) {
  if (!BUILT_IN.has(name) || tables.has(name)) return;
  if (!fetching.has(name)) {
    fetching.set(name, fetch(new URL(`data/${name}.csv`, document.baseURI)).then((response) => {
      if (!response.ok) throw new Error(`data/${name}.csv could not be loaded (${response.status})`);
      return response.text();
    }));
  }
  try {
    await checkAndKeep(primaryCall, name, { text: await fetching.get(name), target: 0, task: 'auto' });
  } catch (error) {
    fetching.delete(name);
    throw error;
  }
}

// The user's file: its text is checked with the chosen target column (1-based, 0: last) and task.
// Resolves to the core's summary; rejects with the core's message (the loaded table stays).
export async function loadUserCsv(primaryCall, { text, fileName, target = 0, task = 'auto' }) {
  const summary = await checkAndKeep(primaryCall, USER_CSV, { text, target, task });
  userFile = { fileName, summary };
  return summary;
}

export const userCsv = () => userFile;
