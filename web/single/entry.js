// Entry of the single-file build (scripts/single-file.mjs): the worker's script travels inside
// the page as a data block, and is started from a Blob URL, since a page opened from disk
// (origin "null") may not start a worker from a file:// path. blob-worker.js runs before main.js
// (imports are evaluated in order) and leaves the URL where web/worker-client.js looks for it.
import './blob-worker.js';
import '../main.js';
