// The part of Playwright's Locator API that the e2e tests use, on top of puppeteer-core, so the same
// test files drive Firefox (WebDriver BiDi; Playwright's Firefox needs its own patched build, which
// cannot be had here). A locator is a list of steps resolved inside the page at each use, as
// Playwright resolves its locators lazily: a CSS selector, a role with an accessible name, a text
// filter, an index. Actions wait for exactly one match, as Playwright's strict mode does.

// Runs in the page: the elements the steps select, in document order. Roles and names follow the
// HTML-AAM mapping for the elements this page uses (implicit roles, then aria-label(ledby), labels,
// text); a hidden element has no role, as in the accessibility tree Playwright reads.
function resolveSteps(steps) {
  const implicitRole = (el) => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit.split(/\s+/)[0];
    const tag = el.localName;
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (tag === 'button' || (tag === 'input' && ['button', 'submit', 'reset', 'image'].includes(type))) return 'button';
    if (tag === 'summary') return 'button';
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'textarea') return 'textbox';
    if (tag === 'select') return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
    if (tag === 'output') return 'status';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'dialog') return 'dialog';
    if (tag === 'input') {
      if (type === 'checkbox') return 'checkbox';
      if (type === 'radio') return 'radio';
      if (type === 'range') return 'slider';
      if (type === 'number') return 'spinbutton';
      if (['text', 'search', 'email', 'url', 'tel', 'password'].includes(type)) return el.hasAttribute('list') ? 'combobox' : 'textbox';
    }
    return null;
  };
  const text = (node) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const accessibleName = (el) => {
    const labelledby = el.getAttribute('aria-labelledby');
    if (labelledby) return labelledby.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
    const label = el.getAttribute('aria-label');
    if (label) return label.trim();
    if (el.labels?.length) return [...el.labels].map(text).join(' ').trim();
    const role = implicitRole(el);
    if (['button', 'link', 'heading', 'radio', 'checkbox', 'status'].includes(role)) {
      const own = el.localName === 'input' ? el.value : text(el);
      if (own) return own;
    }
    return (el.getAttribute('title') ?? el.getAttribute('placeholder') ?? '').trim();
  };
  const hidden = (el) => !el.checkVisibility({ visibilityProperty: true }) || Boolean(el.closest('[aria-hidden="true"]'));
  const matches = (wanted, actual, exact) => {
    if (wanted === undefined) return true;
    if (wanted.source !== undefined) return new RegExp(wanted.source, wanted.flags).test(actual);
    return exact ? actual === wanted : actual.toLowerCase().includes(wanted.toLowerCase());
  };
  let found = [document];
  for (const step of steps) {
    if (step.css !== undefined) {
      const all = new Set();
      for (const root of found) for (const el of root.querySelectorAll(step.css)) all.add(el);
      found = [...all];
    } else if (step.role !== undefined) {
      const all = new Set();
      for (const root of found) {
        for (const el of root.querySelectorAll('*')) {
          if (implicitRole(el) === step.role && !hidden(el) && matches(step.name, accessibleName(el), step.exact)) all.add(el);
        }
      }
      found = [...all];
    } else if (step.hasText !== undefined) {
      found = found.filter((el) => matches(step.hasText, text(el), false));
    } else if (step.nth !== undefined) {
      const el = step.nth < 0 ? found.at(step.nth) : found[step.nth];
      found = el ? [el] : [];
    }
  }
  return found;
}

// A RegExp crosses into the page as its source and flags.
const portable = (value) => (value instanceof RegExp ? { source: value.source, flags: value.flags } : value);

// `fn(resolveSteps, ...args)` in the page, written out as one expression: a function passed to
// puppeteer crosses as its own text, without what it closes over, and the page must get no global
// of ours (the page's CSP forbids building code from strings inside it; this expression is the
// driver's, not the page's).
const inPage = (fn, ...args) => `(${fn})(${resolveSteps}, ${args.map((a) => JSON.stringify(a)).join(', ')})`;

export class Locator {
  constructor(page, steps) {
    this.page = page;  // a puppeteer Page
    this.steps = steps;
  }

  #with(step) { return new Locator(this.page, [...this.steps, step]); }
  locator(css) { return this.#with({ css }); }
  getByRole(role, { name, exact = false } = {}) { return this.#with({ role, name: portable(name), exact }); }
  filter({ hasText }) { return this.#with({ hasText: portable(hasText) }); }
  first() { return this.#with({ nth: 0 }); }
  last() { return this.#with({ nth: -1 }); }
  nth(index) { return this.#with({ nth: index }); }

  count() { return this.page.evaluate(inPage((resolve, steps) => resolve(steps).length, this.steps)); }

  // The one element the locator names, waited for (visible unless `state` says otherwise).
  async #element({ timeout = 30000, state = 'attached' } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const handle = await this.page.evaluateHandle(inPage((resolve, steps, wanted) => {
        const found = resolve(steps);
        if (found.length > 1) return `strict mode: ${found.length} elements`;
        const el = found[0];
        if (!el) return null;
        if (wanted === 'visible' && !(el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length)) return null;
        return el;
      }, this.steps, state));
      const value = await handle.jsonValue().catch(() => undefined);
      if (typeof value === 'string') throw new Error(`${JSON.stringify(this.steps)}: ${value}`);
      if (value !== null) return handle;
      await handle.dispose();
      if (Date.now() > deadline) throw new Error(`${JSON.stringify(this.steps)}: not found (${state}) within ${timeout} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async waitFor({ state = 'visible', timeout = 30000 } = {}) {
    if (state === 'visible' || state === 'attached') {
      await (await this.#element({ timeout, state })).dispose();
      return;
    }
    const deadline = Date.now() + timeout;
    while (await this.isVisible()) {
      if (Date.now() > deadline) throw new Error(`${JSON.stringify(this.steps)}: still visible after ${timeout} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async evaluate(fn, arg) {
    const handle = await this.#element();
    try {
      return await handle.evaluate(fn, arg);
    } finally {
      await handle.dispose();
    }
  }

  async click() {
    const handle = await this.#element({ state: 'visible' });
    await handle.click();
    await handle.dispose();
  }

  async focus() { await this.evaluate((el) => el.focus()); }

  // Playwright's fill: the whole value at once, one input event (not a key per character).
  async fill(value) {
    await this.#element({ state: 'visible' }).then((handle) => handle.dispose());
    await this.evaluate((el, text) => {
      el.focus();
      el.value = text;
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    }, value);
  }

  async press(key) {
    await this.focus();
    await this.page.keyboard.press(key);
  }

  // By value or by label, as Playwright's selectOption; input then change, as a user's pick fires.
  async selectOption(option) {
    const wanted = typeof option === 'string' ? { value: option, label: option } : option;
    const picked = await this.evaluate((select, want) => {
      const match = [...select.options].find((o) => (want.value !== undefined && o.value === want.value) ||
        (want.label !== undefined && o.label === want.label));
      if (!match) return null;
      select.value = match.value;
      select.dispatchEvent(new Event('input', { bubbles: true }));
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return match.value;
    }, wanted);
    if (picked === null) throw new Error(`no option ${JSON.stringify(option)} in ${JSON.stringify(this.steps)}`);
    return [picked];
  }

  async check() {
    if (!(await this.isChecked())) await this.click();
    if (!(await this.isChecked())) throw new Error(`${JSON.stringify(this.steps)}: clicked but not checked`);
  }

  textContent() { return this.evaluate((el) => el.textContent); }
  inputValue() { return this.evaluate((el) => el.value); }
  getAttribute(name) { return this.evaluate((el, n) => el.getAttribute(n), name); }
  isChecked() { return this.evaluate((el) => el.checked); }
  isDisabled() { return this.evaluate((el) => el.disabled); }
  isEnabled() { return this.evaluate((el) => !el.disabled); }
  async isVisible() {
    return this.page.evaluate(inPage((resolve, steps) => {
      const el = resolve(steps)[0];
      return Boolean(el && el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length);
    }, this.steps));
  }
  async isHidden() { return !(await this.isVisible()); }

  async screenshot({ path }) {
    const handle = await this.#element({ state: 'visible' });
    await handle.screenshot({ path });
    await handle.dispose();
  }
}
