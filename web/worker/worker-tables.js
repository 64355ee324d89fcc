// The real problems' tables this worker's core has been given: web/page/worker-client.js sends a table
// just before the first request that trains on it (web/page/data-sources.js keeps the texts). Each is
// handed to whatever trains on it (validation, trainers, sweeps, range tests); the generated
// problems need none.
export class WorkerTables {
  constructor(api) {
    this.api = api;
    this.tables = new Map();  // problem name -> the api's table
  }

  // The text checked by the core's CSV door: its summary, or the core's Error naming row and
  // column (the table given before under that name stays).
  load({ name, table: { text, target = 0, task = 'auto' } }) {
    const { summary, table } = this.api.loadTable(name, text, target, task);
    this.tables.get(name)?.delete();
    this.tables.set(name, table);
    return summary;
  }

  // The table `settings` train on: undefined for a generated problem, or for a table not given
  // (the core then says how to give it).
  for(settings) {
    return this.tables.get(settings?.problem?.name);
  }
}

// For a worker without tables (tests of the generated problems).
export const NO_TABLES = { for: (_settings) => undefined };
