// Page safety (docs/spec-page.md#page-safety, "nothing the user types is ever evaluated as JavaScript"):
//  - the page's own code has no eval, new Function, string timers or HTML sinks (innerHTML and
//    kin), and the generated wasm glue has no eval or new Function (-sDYNAMIC_EXECUTION=0);
//  - index.html's CSP meta and the server's CSP header are the same strict policy: scripts from the
//    same origin plus 'wasm-unsafe-eval', nothing inline, no 'unsafe-eval' (the header is what
//    reaches the worker: docs/toolchain.md#content-security-policy-and-workers);
//  - the real page trains for a few seconds and takes a malformed and a hostile formula with zero
//    CSP violations, collected from 'securitypolicyviolation' events and the console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startBrowser } from './browser.mjs';
import { waitReady, epochsDone } from './page-helpers.mjs';
import { startServer, CSP } from '../../scripts/server.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const wasmWebDir = resolve(process.env.LRLAB_WASM_DIR ?? 'build/wasm', 'web');

function filesUnder(dir, pattern) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

// Comments may mention the forbidden names (to say they are not used); code may not. Block
// comments and whole-line or trailing `//` comments go; `://` inside URLs stays.
function stripComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}

// policy text -> Map(directive -> [sources])
function parsePolicy(text) {
  const policy = new Map();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

function metaPolicy(html) {
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  assert.ok(match, 'index.html has a CSP meta tag');
  return match[1];
}

function assertStrict(policyText, where) {
  const policy = parsePolicy(policyText);
  assert.deepEqual(policy.get('default-src'), ["'self'"], `${where}: default-src`);
  assert.deepEqual([...policy.get('script-src')].sort(), ["'self'", "'wasm-unsafe-eval'"].sort(),
    `${where}: script-src is same-origin plus wasm compilation only`);
  for (const [name, sources] of policy) {
    assert.ok(!sources.includes("'unsafe-eval'"), `${where}: ${name} allows 'unsafe-eval'`);
    if (name.startsWith('script-src') || name === 'default-src' || name === 'worker-src') {
      assert.ok(!sources.includes("'unsafe-inline'"), `${where}: ${name} allows inline scripts`);
      assert.ok(!sources.includes('*') && !sources.some((s) => /^(https?:|data:)$/.test(s) && name !== 'worker-src'),
        `${where}: ${name} allows scripts from elsewhere`);
    }
  }
  for (const name of ['script-src-elem', 'script-src-attr']) {
    assert.ok(!policy.has(name), `${where}: ${name} would override script-src`);
  }
  assert.deepEqual(policy.get('object-src'), ["'none'"], `${where}: object-src`);
}

test('the page code has no eval, new Function, string timers or HTML sinks', () => {
  const sources = [...filesUnder(join(root, 'web'), /\.m?js$/), join(root, 'index.html')];
  assert.ok(sources.length > 5, 'found the page sources');
  const forbidden = [
    // The global eval, called bare or through the global object; a method that happens to be
    // named eval (PyTorch's model.eval() inside an exported listing) builds no code.
    [/(^|[^.\w])eval\s*\(|\b(window|globalThis|self)\.eval\s*\(/, 'eval('],
    [/\bnew\s+Function\b/, 'new Function'],
    [/(^|[^.\w])Function\s*\(/, 'Function('],
    [/\b(setTimeout|setInterval)\s*\(\s*['"`]/, 'a timer given a string'],
    [/\.(innerHTML|outerHTML)\s*\+?=/, 'innerHTML/outerHTML'],
    [/\binsertAdjacentHTML\s*\(/, 'insertAdjacentHTML'],
    [/\bdocument\.write(ln)?\s*\(/, 'document.write'],
    [/\bcreateContextualFragment\s*\(/, 'createContextualFragment'],
    [/\bsrcdoc\b/, 'srcdoc'],
    [/javascript:/i, 'a javascript: URL'],
  ];
  const found = [];
  for (const file of sources) {
    const code = stripComments(readFileSync(file, 'utf8'));
    for (const [pattern, what] of forbidden) {
      if (pattern.test(code)) found.push(`${file.slice(root.length + 1)}: ${what}`);
    }
  }
  assert.deepEqual(found, []);
});

test('the generated wasm glue and the page\'s bundles build no code from strings', () => {
  // The bundles as served (scripts/bundle-page.mjs, made by the build): what esbuild wrote, not
  // only what web/ says.
  for (const name of ['lrlab.mjs', 'boot.js', 'page.js', 'worker.js']) {
    const code = readFileSync(join(wasmWebDir, name), 'utf8');
    assert.doesNotMatch(code, /\bnew\s+Function\b/, name);
    assert.doesNotMatch(code, /(^|[^.\w])eval\s*\(/, name);
  }
});

test('index.html: strict CSP meta, no inline script, no inline event handlers', () => {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  assertStrict(metaPolicy(html), 'index.html');
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.match(attributes, /\bsrc=/, 'every script is loaded from a file');
    assert.equal(body.trim(), '', 'no inline script body');
  }
  assert.doesNotMatch(html, /<[^>]+\son[a-z]+\s*=/i, 'no inline event handler attributes');
});

test('the server sends the same strict CSP as a header, on the page, its scripts and the wasm', async () => {
  const server = await startServer({ port: 0, wasmWebDir });
  try {
    const html = readFileSync(join(root, 'index.html'), 'utf8');
    const normalize = (text) => [...parsePolicy(text)].map(([k, v]) => `${k} ${v.join(' ')}`).sort();
    assertStrict(CSP, 'server.mjs');
    assert.deepEqual(normalize(CSP), normalize(metaPolicy(html)), 'header and meta agree');
    for (const path of ['', 'index.html', 'gen/page.js', 'gen/worker.js', 'web/page/main.js', 'gen/lrlab.mjs', 'gen/lrlab.wasm']) {
      const response = await fetch(server.url + path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-security-policy'), CSP, `${path} carries the header`);
      await response.arrayBuffer();
    }
  } finally {
    await server.close();
  }
});

// Runs in the page before its own scripts: every CSP violation event is kept for the test.
function collectViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}` +
      ` at ${event.sourceFile}:${event.lineNumber}`);
  });
}

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('the collector sees a violation when one happens (so an empty list means something)', async () => {
  const { page, close } = await browser.openPage('', { initScript: collectViolations });
  await waitReady(page);
  // A script tag added from the page's own context is inline code: the CSP must block it.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
  });
  await page.waitForFunction(() => window.__cspViolations.length > 0, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.__inlineRan), undefined, 'the inline script did not run');
  await close();
});

test('the default page trains and takes malformed formulas with no CSP violation', async () => {
  const { page, problems, close } = await browser.openPage('', { initScript: collectViolations });
  await waitReady(page);
  await page.waitForFunction(() => /epoch [1-9]/.test(document.querySelector('#run-list .run-progress')?.textContent ?? ''),
    null, { timeout: 10000 });
  await page.waitForTimeout(2500);  // a few seconds of training, previews and chart updates

  await page.getByRole('combobox', { name: 'Schedule', exact: true }).selectOption('formula');
  const box = page.locator('.formula-field input');
  await box.waitFor();
  const error = page.locator('.formula-field .formula-error');
  // Malformed, hostile-looking and oversized: each answered by the core's message, none run.
  for (const text of ['0.01 * (1 + epoch', 'alert(1)', '"); globalThis.__formulaRan = true; ("',
    '<img src=x onerror="globalThis.__formulaRan = true">', '('.repeat(200) + '1' + ')'.repeat(200)]) {
    await box.fill(text);
    await box.press('Enter');
    await error.waitFor({ state: 'visible', timeout: 5000 });
    assert.ok((await error.locator('.formula-message').textContent()).length > 0, text);
  }
  // The refusals kept the runs: nothing was reset.
  assert.ok(await epochsDone(page, 1) >= 1, 'the run kept its epochs');
  assert.equal(await page.evaluate(() => globalThis.__formulaRan), undefined);
  assert.equal(await page.locator('.formula-field img').count(), 0, 'the text never became markup');

  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  const cspMessages = problems.filter((p) => /Content Security Policy|Refused to/i.test(p));
  assert.deepEqual(cspMessages, [], 'no CSP report in the page or worker console');
  assert.deepEqual(problems, []);
  await close();
});
