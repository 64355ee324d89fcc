// The update panel's answers, asked of the core a block of positions at a time (the worker's
// 'inspectUpdates': one replay gives them all) and kept, so a drag finds the next positions
// answered and the panel is drawn in the cursor's own frame, with the markers and the cards,
// instead of in a frame of its own when the worker answers (bench/cursor_probe.mjs counts both).
// The block ahead of the cursor, in the direction it moves, is asked before it is reached, and
// with no cursor, once training is done, the blocks where a cursor first lands. One request
// travels at a time; the cursor's own position goes first.
//
// Answers are kept for one subject: a run (its key and the settings that replay it) and the
// parameter followed. Another subject drops them, and an answer for an older one is never kept.

/** Positions per request: about the verdicts' block (web/page/cursor-verdicts.js). */
export const UPDATE_BLOCK = 16;
// Positions whose answers are kept (the oldest go first): several default runs end to end.
const KEPT = 2048;

/**
 * @typedef {{result?: import('../../worker/lrlab-api-types.d.ts').UpdateInspection, error?: string}} UpdateEntry
 *   the core's answer at a position, or its words for why there is none
 * @typedef {{from: number, count: number}} UpdateRange  positions `from` .. `from + count - 1`
 */

/**
 * The next request: the cursor's position if unanswered (from there in the direction it moves,
 * or alone when a request spanned it and did not answer it: the run stopped before, and only a
 * request starting there gets the core's words why), else the nearest unasked position ahead,
 * up to where the run stopped.
 * Pure: tests/web/update-blocks.test.mjs.
 * @param {number} update the cursor's position (updates done before the one shown)
 * @param {{last: number, direction: number, known: (u: number) => boolean, spanned: (u: number) => boolean, ahead?: boolean}} at
 *   last: the timeline's last position; direction: +1 forwards, -1 backwards; ahead: false asks
 *   for the position's own block only
 * @returns {UpdateRange | null}
 */
export function nextRange(update, { last, direction, known, spanned, ahead = true }) {
  const forwardFrom = (u) => ({ from: u, count: Math.max(1, Math.min(UPDATE_BLOCK, last - u + 1)) });
  const backwardTo = (u) => {
    const from = Math.max(0, u - UPDATE_BLOCK + 1);
    return { from, count: u - from + 1 };
  };
  if (!known(update)) {
    if (spanned(update)) return { from: update, count: 1 };
    return direction < 0 ? backwardTo(update) : forwardFrom(update);
  }
  if (!ahead) return null;
  for (let k = 1; k <= UPDATE_BLOCK; k++) {
    const u = update + direction * k;
    if (u < 0 || u > last) return null;
    if (known(u)) continue;
    // Spanned and not answered: the run stopped before it, and so before everything past it.
    if (spanned(u)) return null;
    return direction < 0 ? backwardTo(u) : forwardFrom(u);
  }
  return null;
}

/**
 * @param {{ask: (args: {settings: unknown, epoch: number, step: number, count: number, parameter: number}) => Promise<any[]>,
 *   answered: () => void}} options
 *   ask: the worker's 'inspectUpdates'; answered: called when an answer came in (the page looks again)
 */
export function updateBlocks({ ask, answered }) {
  let subject = '';
  /** @type {Map<number, UpdateEntry>} */
  let known = new Map();
  /** @type {Set<number>} positions a completed request spanned */
  let spanned = new Set();
  let inFlight = false;
  /** @typedef {{subject: string, settings: unknown, parameter: number, update: number, last: number, direction: number, stepsPerEpoch: number}} At */
  /** @type {Array<At & {ahead: boolean}>} what to ask for, first things first */
  let wanted = [];

  function follow(next) {
    if (next === subject) return;
    subject = next;
    known = new Map();
    spanned = new Set();
  }

  function keep(u, entry) {
    known.delete(u);  // re-inserted: the newest answers are the last to go
    known.set(u, entry);
    for (const old of known.keys()) {
      if (known.size <= KEPT) break;
      known.delete(old);
      spanned.delete(old);
    }
  }

  function send() {
    if (inFlight) return;
    let w = null;
    let range = null;
    for (const candidate of wanted) {
      if (candidate.subject !== subject) continue;
      range = nextRange(candidate.update, { ...candidate, known: (u) => known.has(u), spanned: (u) => spanned.has(u) });
      if (range) {
        w = candidate;
        break;
      }
    }
    if (!w || !range) return;
    inFlight = true;
    const args = {
      settings: w.settings, epoch: Math.floor(range.from / w.stepsPerEpoch), step: range.from % w.stepsPerEpoch,
      count: range.count, parameter: w.parameter,
    };
    const asked = w;
    ask(args).then((results) => {
      if (asked.subject !== subject) return;
      results.forEach((result, i) => keep(range.from + i, { result }));
    }, (error) => {
      if (asked.subject !== subject) return;
      keep(range.from, { error: error instanceof Error ? error.message : String(error) });
    }).finally(() => {
      inFlight = false;
      if (asked.subject === subject) for (let u = range.from; u < range.from + range.count; u++) spanned.add(u);
      answered();
      send();
    });
  }

  return {
    /**
     * The answer at the cursor's position if known (else undefined), asking for it, and then for
     * the positions ahead, as the worker is free.
     * @param {{subject: string, settings: unknown, parameter: number, update: number, last: number, direction: number, stepsPerEpoch: number}} at
     * @returns {UpdateEntry | undefined}
     */
    at(at) {
      follow(at.subject);
      wanted = [{ ...at, ahead: true }];
      send();
      return known.get(at.update);
    },
    /**
     * With no cursor and the worker idle: the positions where a cursor first lands (the end,
     * where the slider's thumb stands, and the start), their own blocks only.
     * @param {At[]} ats  of one subject
     */
    warm(ats) {
      if (!ats.length) return;
      follow(ats[0].subject);
      wanted = ats.map((at) => ({ ...at, ahead: false }));
      send();
    },
    /** Keeps an answer under the current subject (the pick of a parameter: its answer stands). */
    adopt(u, entry) {
      keep(u, entry);
    },
  };
}
