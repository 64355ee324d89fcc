// The lesson's place in the URL fragment, beside the page's own state: `#s=<state>&lesson=3`, or
// just `#lesson=3`. The state part is URI-encoded JSON (web/page/state.js), which never holds a raw
// '&', so the fragment splits safely at '&'. Progress lives here, not on a server.

// hash -> {state: the '#s=...' part or '', lesson: chapter number (1-based) or null}
export function splitHash(hash) {
  const parts = (hash ?? '').replace(/^#/, '').split('&').filter(Boolean);
  let state = '';
  let lesson = null;
  for (const part of parts) {
    if (part.startsWith('s=')) state = `#${part}`;
    const match = /^lesson=(\d{1,3})$/.exec(part);
    if (match) lesson = Number(match[1]);
  }
  return { state, lesson };
}

// The page's state fragment for web/page/state.js's decodeState: the lesson part removed.
export const stateFragment = (hash) => splitHash(hash).state;

// The fragment to write: the page's state, and the chapter while lesson mode is open.
export function joinHash(stateHash, lesson) {
  if (lesson === null || lesson === undefined) return stateHash;
  return stateHash ? `${stateHash}&lesson=${lesson}` : `#lesson=${lesson}`;
}
