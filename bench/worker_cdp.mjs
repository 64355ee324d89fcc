// DevTools sessions on a Playwright page's dedicated workers, which Playwright's own API does not
// give: the page's training runs in a worker, so a benchmark that throttles the CPU or reads memory
// must reach the workers too. Workers are attached through the page's CDP session
// (Target.setAutoAttach, not flattened, so that Playwright's session can carry their messages) and
// each is held before its first line until `onAttach` has run (e.g. to throttle it from the start).
//
//   const { workers, send } = await attachWorkers(context, page, { onAttach: (sessionId, send) => ... });
//   await send(sessionId, 'Runtime.getHeapUsage');

export async function attachWorkers(context, page, { onAttach = async () => {} } = {}) {
  const cdp = await context.newCDPSession(page);
  const workers = new Map();  // sessionId -> url, while attached
  const seen = [];  // every worker's url, in the order they started
  const pending = new Map();
  let id = 0;
  // A worker that ended (or never answers) must not hold the caller: no reply in 10 s is an error.
  const send = (sessionId, method, params = {}) => new Promise((resolve, reject) => {
    const messageId = ++id;
    const timer = setTimeout(() => { pending.delete(messageId); reject(new Error(`${method}: no answer from the worker`)); }, Number(process.env.WORKER_CDP_MS ?? 10000));
    const done = (settle) => (value) => { clearTimeout(timer); pending.delete(messageId); settle(value); };
    pending.set(messageId, { resolve: done(resolve), reject: done(reject) });
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: messageId, method, params }) })
      .catch(done(reject));
  });
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const reply = JSON.parse(message);
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    if (reply.error) waiting.reject(new Error(reply.error.message));
    else waiting.resolve(reply.result);
  });
  cdp.on('Target.attachedToTarget', async ({ sessionId, targetInfo, waitingForDebugger }) => {
    if (targetInfo.type !== 'worker') return;
    workers.set(sessionId, targetInfo.url);
    seen.push(targetInfo.url);
    try {
      await onAttach(sessionId, send);
    } finally {
      if (waitingForDebugger) await send(sessionId, 'Runtime.runIfWaitingForDebugger').catch(() => {});
    }
  });
  cdp.on('Target.detachedFromTarget', ({ sessionId }) => workers.delete(sessionId));
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return { cdp, workers, seen, send };
}

// Emulation.setCPUThrottlingRate slows only the thread it is sent to (Blink's thread CPU
// throttler), and Chromium 156 refuses it for a worker ("Operation is only supported for pages, not
// workers"): the page's thread is throttled, the training worker is not. Each worker is still
// asked, so a Chromium that learns to throttle workers is used as such; `workerAnswers` says what
// each worker answered.
export async function throttleCpu(context, page, rate) {
  const workerAnswers = [];
  const attached = await attachWorkers(context, page, {
    onAttach: (sessionId, send) => send(sessionId, 'Emulation.setCPUThrottlingRate', { rate })
      .then(() => workerAnswers.push('throttled'), (error) => workerAnswers.push(`refused: ${error.message}`)),
  });
  await attached.cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return { ...attached, workerAnswers };
}

// The bytes of every WebAssembly.Memory alive in a worker (the core's heap: wasm memory only
// grows). The module's memory is in no global, and Runtime.queryObjects gets no answer from a
// worker in Chromium 156; the console's queryObjects() does find it, and hands the array over in
// the console event it raises (so Runtime must be enabled to hear it).
export async function wasmMemoryBytes(cdp, send, sessionId) {
  const heard = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('queryObjects: no console event from the worker')), 10000);
    const listen = ({ sessionId: from, message }) => {
      const event = JSON.parse(message);
      if (from !== sessionId || event.method !== 'Runtime.consoleAPICalled' || event.params.type !== 'queryObjects') return;
      cdp.off('Target.receivedMessageFromTarget', listen);
      resolve(event.params.args[0].objectId);
    };
    cdp.on('Target.receivedMessageFromTarget', listen);
  });
  await send(sessionId, 'Runtime.enable');
  await send(sessionId, 'Runtime.evaluate', { expression: 'queryObjects(WebAssembly.Memory)', includeCommandLineAPI: true });
  const objectId = await heard;
  const { result } = await send(sessionId, 'Runtime.callFunctionOn', {
    objectId, returnByValue: true,
    functionDeclaration: 'function () { return this.reduce((sum, m) => sum + m.buffer.byteLength, 0); }',
  });
  return result.value;
}
