// The single-file build's data files: what the served page fetches from beside itself (the
// lessons' JSON) travels inside lrlab.html as one JSON data block, {"lessons/index.json": text,
// ...}, written by scripts/single-file.mjs. A page opened from disk may not fetch files (and its
// CSP allows no connections), so fetch() answers those paths from the block; any other request
// goes to the real fetch unchanged.
const block = document.getElementById('lrlab-files')?.textContent;
const files = block ? JSON.parse(block) : {};
const realFetch = globalThis.fetch.bind(globalThis);

function inlined(input) {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url, document.baseURI);
  const path = decodeURIComponent(url.pathname);
  const name = Object.keys(files).find((key) => path === `/${key}` || path.endsWith(`/${key}`));
  return name === undefined ? null : files[name];
}

if (Object.keys(files).length) {
  globalThis.fetch = (input, init) => {
    const text = inlined(input);
    if (text === null) return realFetch(input, init);
    return Promise.resolve(new Response(text, { status: 200, headers: { 'Content-Type': 'application/json' } }));
  };
}
