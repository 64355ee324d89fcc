// The single-file build's worker: its bundled script (wasm included) is the text of the data
// block <script type="text/plain" id="lrlab-worker-source">, which the browser never runs itself.
const source = document.getElementById('lrlab-worker-source')?.textContent;
if (source) globalThis.lrlabWorkerUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
