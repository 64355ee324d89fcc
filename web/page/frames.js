// The page draws at most once per animation frame, and no more often than every MIN_FRAME_MS or
// six times what the last draw cost: the eye needs no more while training animates, and on a busy
// machine the page backs off instead of filling the main thread (the worker and the charts share
// a small machine's cores).
const MIN_FRAME_MS = 30;

/**
 * @param {() => void} action
 * @param {number} ms
 * @returns {{(): void, cancel(): void}} runs `action` once, `ms` after the last call; cancel()
 *   drops a call that has not run yet
 */
export function debounced(action, ms) {
  let timer = 0;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(action, ms);
  };
  later.cancel = () => clearTimeout(timer);
  return later;
}

/**
 * @param {() => void} draw
 * @param {{minMs?: number}} [options] minMs: the least time between two draws (MIN_FRAME_MS by
 *   default; 0 for a draw cheap enough to go in every frame, as the cursor's: the slider's
 *   thumb moves in that frame anyway, and a draw held back 30 ms made a frame of its own)
 * @returns {() => void} asks for a frame; many asks before it comes make one draw
 */
export function frameScheduler(draw, { minMs = MIN_FRAME_MS } = {}) {
  let requested = false;
  let lastDraw = -Infinity;
  let cost = 0;
  return () => {
    if (requested) return;
    requested = true;
    requestAnimationFrame(function frame(now) {
      if (now - lastDraw < Math.max(minMs, 6 * cost)) return requestAnimationFrame(frame);
      lastDraw = now;
      requested = false;
      // The draw's own time: a callback may run well into its frame (`now` is the frame's start).
      const start = performance.now();
      draw();
      cost = Math.min(performance.now() - start, 100);
    });
  };
}
