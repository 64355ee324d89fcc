// Entry of the single-file build (scripts/single-file.mjs): the worker's script travels inside
// the page as a data block, and is started from a Blob URL, since a page opened from disk
// (origin "null") may not start a worker from a file:// path. blob-worker.js runs before main.js
// (imports are evaluated in order) and leaves the URL where web/page/worker-client.js looks for it;
// inline-files.js answers the page's fetches of its data files (the lessons) from the file itself.
import './blob-worker.js';
import './inline-files.js';
import '../page/main.js';
