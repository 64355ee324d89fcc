// "The latest request wins", once for every request whose older answers are worth nothing once a
// newer one is asked (a preview, a landscape, a formula check, a sweep): the page asks through
// latestWins() and gets either the answer or `superseded`, never an old answer after a new one.
//
// Two ways to send:
// - every request at once (the default): an answer is delivered only if no request was made
//   after it; an older one, or its error, resolves { superseded: true };
// - oneInFlight: at most one request travels at a time (a drag must not queue a hundred
//   previews in the worker); requests made meanwhile collapse into the newest, sent when the one
//   in flight has answered. Each answer that arrives is delivered, in the order asked: the one
//   in flight is the newest the worker has seen, and showing it while the next is computed keeps
//   a drag moving.
// supersede() makes every request not answered yet superseded (settings changed: nothing asked
// before may be shown). Each request has a number, passed to send() with its arguments: a worker
// that pushes partial results tags them with it, and current(number) tells whether they belong to
// the request that counts.

/**
 * The answer, or word that a newer request superseded it: `result` is there exactly when
 * `superseded` is false.
 * @template T
 * @typedef {{ superseded: boolean, result?: T }} Answer
 */

/**
 * @template A, T
 * @param {(args: A, number: number) => Promise<T>} send
 * @param {{ oneInFlight?: boolean }} [options]
 */
export function latestWins(send, { oneInFlight = false } = {}) {
  let newest = 0;       // the number of the latest request
  let floor = 0;        // requests up to this number are superseded (supersede())
  let inFlight = false;
  /** @type {{ number: number, args: A, resolve: (answer: Answer<T>) => void, reject: (error: unknown) => void } | null} */
  let waiting = null;

  /** @type {Answer<T>} */
  const SUPERSEDED = Object.freeze({ superseded: true });

  /**
   * @param {number} number
   * @param {A} args
   * @returns {Promise<Answer<T>>}
   */
  async function deliver(number, args) {
    try {
      const result = await send(args, number);
      const current = number > floor && (oneInFlight || number === newest);
      return current ? { superseded: false, result } : SUPERSEDED;
    } catch (error) {
      if (number > floor && (oneInFlight || number === newest)) throw error;
      return SUPERSEDED;
    }
  }

  async function sendWaiting() {
    while (waiting) {
      const next = waiting;
      waiting = null;
      if (next.number <= floor) {
        next.resolve(SUPERSEDED);
        continue;
      }
      inFlight = true;
      try {
        next.resolve(await deliver(next.number, next.args));
      } catch (error) {
        next.reject(error);
      } finally {
        inFlight = false;
      }
    }
  }

  return {
    /**
     * @param {A} args
     * @returns {Promise<Answer<T>>}
     */
    ask(args) {
      const number = ++newest;
      if (!oneInFlight) return deliver(number, args);
      return new Promise((resolve, reject) => {
        waiting?.resolve(SUPERSEDED);
        waiting = { number, args, resolve, reject };
        if (!inFlight) sendWaiting();
      });
    },
    // Nothing asked so far counts any more; `latest` moves on to a number no request has.
    supersede() {
      floor = ++newest;
      waiting?.resolve(SUPERSEDED);
      waiting = null;
    },
    // The number of the latest request, or of the last supersede() (0 before either).
    get latest() { return newest; },
    /**
     * Whether `number` is the latest request's and was not superseded since.
     * @param {number} number
     */
    current: (number) => number === newest && number > floor,
  };
}
