// Runs a callback once the messages already queued have been handled, without setTimeout's clamp:
// nested timers wait >= 4 ms (HTML timers), so a worker working in 8 ms slices with setTimeout(0)
// between them idled a third of the time (bench/sweep_workers.mjs, one worker, 64 x 50: 1.70 s
// with setTimeout, 0.80 s with this; the same sweep in one call takes ~0.65 s in Node). The
// message is queued behind those already waiting, so commands and other timers still get in
// between slices. Node (the tests) has setImmediate for this; its message ports would run ours
// back to back.
const queued = [];
let channel = null;

export function soon(callback) {
  if (globalThis.setImmediate) return globalThis.setImmediate(callback);
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => queued.shift()?.();
  }
  queued.push(callback);
  channel.port2.postMessage(0);
}
