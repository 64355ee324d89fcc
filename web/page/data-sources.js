// Real data for every worker. A built-in table (data/<name>.csv) is fetched only when a problem
// first needs it (it is not part of the first chart's weight; the single-file build answers the
// fetch from its inlined copy), and the user's CSV is read from the chosen or dropped file: it
// never leaves the browser. The text goes to the training worker's core first, whose CSV door
// checks it (a bad file changes nothing there and its message, naming row and column, comes
// back); then to every other worker the page runs (the sweep's helpers), and to any helper
// started later, before any other request reaches it, so each core trains on the same table.
const BUILT_IN = new Set(['iris', 'wine', 'breast_cancer', 'digits', 'diabetes']);
export const USER_CSV = 'csv';
export const isBuiltInData = (name) => BUILT_IN.has(name);
export const isRealProblem = (name) => BUILT_IN.has(name) || name === USER_CSV;

const workers = new Set();   // {call} of every worker started (web/page/worker-client.js registers them)
const tables = new Map();    // name -> {text, target, task}: what every worker holds
const fetching = new Map();  // name -> promise of the built-in table's text
let userFile = null;         // {fileName, summary} of the user's CSV once the core accepted it

export function registerWorker(client) {
  workers.add(client);
  for (const [name, table] of tables) client.call('loadDataset', { name, ...table }).catch(() => {});
  return () => workers.delete(client);
}

// Loads `name` into the primary worker (its answer, or its error, is returned), then into the rest.
async function loadEverywhere(primaryCall, name, table) {
  const summary = await primaryCall('loadDataset', { name, ...table });
  tables.set(name, table);
  for (const client of workers) if (client.call !== primaryCall) client.call('loadDataset', { name, ...table }).catch(() => {});
  return summary;
}

// Makes sure the table a problem needs is in every worker: a no-op for the generated problems and
// for a table already loaded. The user's CSV cannot be fetched: it must have been given.
export async function ensureProblemData(primaryCall, name) {
  if (!BUILT_IN.has(name) || tables.has(name)) return;
  if (!fetching.has(name)) {
    fetching.set(name, fetch(new URL(`data/${name}.csv`, document.baseURI)).then((response) => {
      if (!response.ok) throw new Error(`data/${name}.csv could not be loaded (${response.status})`);
      return response.text();
    }));
  }
  try {
    await loadEverywhere(primaryCall, name, { text: await fetching.get(name), target: 0, task: 'auto' });
  } catch (error) {
    fetching.delete(name);
    throw error;
  }
}

// The user's file: its text is checked with the chosen target column (1-based, 0: last) and task.
// Resolves to the core's summary; rejects with the core's message (the loaded table stays).
export async function loadUserCsv(primaryCall, { text, fileName, target = 0, task = 'auto' }) {
  const summary = await loadEverywhere(primaryCall, USER_CSV, { text, target, task });
  userFile = { fileName, summary };
  return summary;
}

export const userCsv = () => userFile;
