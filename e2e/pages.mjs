// Page objects for the volunteer's app: each step a person takes, by the
// stable data-testid hooks. `taps` counts every click a step needs.
import assert from 'node:assert/strict';
import { waitForServiceWorker } from './harness.mjs';

export class App {
  constructor(page) {
    this.page = page;
    this.taps = 0;
  }

  /**
   * A person's tap: first scrolled to, as little as it takes (Playwright
   * alone would centre it, scrolling more than a person does).
   */
  async tap(locator) {
    this.taps += 1;
    await locator.evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
    await locator.click();
  }

  testid(id) {
    return this.page.getByTestId(id);
  }

  scheme(id) {
    return this.testid(`scheme-${id}`);
  }

  async openNew() {
    await this.tap(this.testid('nav-new'));
    await this.testid('save-contact').waitFor();
  }

  async openContacts() {
    await this.tap(this.testid('nav-contacts'));
    await this.page.locator('#contacts-title').waitFor();
  }

  /**
   * Records a contact. `findings` maps scheme id to [status, ...barriers];
   * site and channel are only typed or tapped when given (otherwise the
   * preset from the last contact is used).
   */
  async recordContact({ site, channel, household, findings, notes }) {
    if (site !== undefined || channel) await this.openPlace();
    if (site !== undefined) await this.testid('site-input').fill(site);
    if (channel) await this.tap(this.testid(`channel-${channel}`));
    if (household) {
      await this.openFold('fold-about');
      await this.tap(this.testid(`household-${household}`));
    }
    // As the form asks: first which schemes came up, then what was said of each.
    for (const scheme of Object.keys(findings)) await this.pick(scheme);
    for (const [scheme, [status, ...barriers]] of Object.entries(findings)) {
      const card = this.scheme(scheme);
      // A barrier tapped first says "not used": that status needs no tap.
      if (status !== 'not_used' || barriers.length === 0) await this.tap(card.getByTestId(`status-${status}`));
      for (const barrier of barriers) await this.tap(await this.barrier(card, barrier));
    }
    if (notes) {
      await this.openFold('fold-notes');
      await this.testid('notes-input').fill(notes);
    }
    await this.tap(this.testid('save-contact'));
    await this.testid('saved-toast').filter({ hasText: /Opgeslagen op deze telefoon|Saved on this phone/ }).waitFor();
  }

  /**
   * The form's card for `scheme`, picked first when it is not yet: a tap on
   * its chip, after "other scheme" when it is not among the first offered.
   */
  async pick(scheme) {
    const card = this.scheme(scheme);
    if (await card.count() > 0) return card;
    const chip = this.testid(`pick-${scheme}`);
    if (await chip.count() === 0) await this.tap(this.testid('more-schemes'));
    await this.tap(chip);
    await card.waitFor();
    return card;
  }

  /** A scheme card's barrier chip, after "more barriers" when it is not among the first. */
  async barrier(card, id) {
    const chip = card.getByTestId(`barrier-${id}`);
    if (!(await chip.isVisible())) await this.tap(card.getByTestId('more-barriers'));
    return chip;
  }

  /** Unfolds "where and how" when it is folded to its one line. */
  async openPlace() {
    const change = this.testid('place-change');
    if (await change.count() > 0) await this.tap(change);
    await this.testid('site-input').waitFor();
  }

  /** Unfolds a folded part of the form (`fold-about`, `fold-notes`, ...). */
  async openFold(id) {
    const fold = this.testid(id);
    if (!(await fold.evaluate((el) => el.open))) await this.tap(fold.locator('summary'));
  }

  /** Types into a field of the form, unfolding the part it is in. */
  async fill(id, text) {
    const field = this.testid(id);
    const fold = await field.evaluate((el) => el.closest('details')?.dataset.testid ?? null);
    if (fold) await this.openFold(fold);
    await field.fill(text);
  }

  /** Opens a join link and joins, naming the device. */
  async join(url, name) {
    await this.page.goto(url);
    await this.testid('join-form').waitFor();
    if (name) await this.testid('device-name').fill(name);
    await this.tap(this.testid('join-submit'));
    await this.testid('save-contact').waitFor();
  }

  /** Signs in on the team screen as the coordinator. */
  async signIn(password) {
    await this.page.goto(new URL('#/team', this.page.url()).href);
    await this.testid('login-name').fill('coordinator');
    await this.testid('login-password').fill(password);
    await this.tap(this.testid('login-submit'));
    await this.testid('create-link').waitFor();
  }

  /** Opens "My contacts" and asks for a sync round now. */
  async syncNow() {
    await this.openContacts();
    await this.tap(this.testid('sync-now'));
  }

  /** Waits until the status area says the last round succeeded with nothing left. */
  async waitSynced(timeout = 30_000) {
    await this.page.waitForFunction(() => {
      const panel = document.querySelector('[data-testid="sync-panel"]');
      const pending = document.querySelector('[data-testid="sync-pending"]');
      return panel?.dataset.state === 'idle' && pending?.textContent.trim() === '0'
        && document.querySelector('[data-testid="sync-status"]')?.textContent.includes(':');
    }, null, { timeout });
  }

  /** The states of the listed contacts: { local: n, synced: n, ... }. */
  async contactStates() {
    return this.page.evaluate(() => {
      const counts = {};
      for (const el of document.querySelectorAll('[data-testid="contact-state"]')) {
        counts[el.dataset.state] = (counts[el.dataset.state] ?? 0) + 1;
      }
      return counts;
    });
  }

  /** The stored records of this phone, as the app keeps them. */
  async storedRecords() {
    return this.page.evaluate(() => Object.keys(localStorage)
      .filter((key) => key.startsWith('drempel:c:'))
      .map((key) => JSON.parse(localStorage.getItem(key)).value));
  }

  /**
   * Copies the newest stored record into `count` records with their own
   * ids, straight into localStorage (the app reads them on its next load).
   * `unsynced`: each carries a create the server has not seen.
   */
  async seedRecords(count, { unsynced = false } = {}) {
    await this.page.evaluate(([n, fresh]) => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('drempel:c:'));
      const template = JSON.parse(localStorage.getItem(key));
      for (let i = 1; i <= n; i += 1) {
        const value = structuredClone(template.value);
        value.contact.id = `0190f000-0000-7000-8000-${String(i).padStart(12, '0')}`;
        value.contact.created_at = value.contact.updated_at = 1_700_000_000_000 + i * 60_000;
        if (fresh) {
          value.pending = [{ kind: 'create', at: value.contact.created_at, fields: ['*'] }];
          delete value.synced_at;
          delete value.base;
        }
        localStorage.setItem(`drempel:c:${value.contact.id}`, JSON.stringify({ schema: template.schema, value }));
      }
    }, [count, unsynced]);
  }

  /**
   * Fills what is left of the origin's localStorage with keys of another
   * app, as another site's data would; returns how many keys it wrote.
   */
  async fillStorage() {
    return this.page.evaluate(() => {
      let size = 512 * 1024;
      let index = 0;
      while (size > 0) {
        try {
          localStorage.setItem(`filler:${index}`, 'x'.repeat(size));
          index += 1;
        } catch {
          size = Math.floor(size / 2);
        }
      }
      return index;
    });
  }

  contactItems() {
    return this.testid('contact-item');
  }

  async expectContactCount(count) {
    await assert.doesNotReject(async () => {
      await this.page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="contact-item"]').length === n,
        count,
        { timeout: 10_000 },
      );
    }, `expected ${count} contacts`);
  }
}

/** Writes the consultation in the builder and publishes it. */
export async function buildConsultation(c) {
  await c.tap(c.testid('nav-consult'));
  await c.tap(c.testid('new-consultation'));
  await c.testid('c-title-nl').fill('Kent u de stadspas?');
  await c.testid('c-title-en').fill('Do you know the city pass?');
  await c.testid('c-intro-nl').fill('Drie korte vragen voor de participatieraad.');
  const questions = c.testid('question-editor');
  await questions.nth(0).getByTestId('question-nl').fill('Kent u de stadspas?');
  await questions.nth(0).getByTestId('question-en').fill('Do you know the city pass?');
  const options = questions.nth(0).getByTestId('option-nl');
  await options.nth(0).fill('Ja');
  await options.nth(1).fill('Nee');
  await c.tap(c.testid('add-question'));
  await questions.nth(1).getByTestId('question-kind').selectOption('scale');
  await questions.nth(1).getByTestId('question-nl').fill('Hoe makkelijk is aanvragen?');
  await c.tap(c.testid('add-question'));
  await questions.nth(2).getByTestId('question-kind').selectOption('text');
  await questions.nth(2).getByTestId('question-nl').fill('Wat moet beter?');
  await c.tap(c.testid('publish-consultation'));
  const outcome = await Promise.race([
    c.testid('builder-saved').filter({ hasText: /Gepubliceerd/ }).waitFor().then(() => 'published'),
    c.testid('builder-error').waitFor().then(() => c.testid('builder-error').textContent()),
  ]);
  assert.equal(outcome, 'published');
}

/** One resident answers in kiosk mode and hands the phone on. */
export async function answer(v, { choice, scale, words }) {
  const questions = v.testid('kiosk-question');
  await v.tap(questions.nth(0).locator('label').nth(choice));
  if (scale) await v.tap(questions.nth(1).locator('label').nth(scale - 1));
  if (words) await questions.nth(2).locator('textarea').fill(words);
  await v.tap(v.testid('kiosk-submit'));
  await v.testid('kiosk-thanks').waitFor();
  await v.tap(v.testid('kiosk-next'));
  // The next person starts from nothing.
  const shown = await v.page.evaluate(() => ({
    checked: document.querySelectorAll('[data-testid="kiosk"] input:checked').length,
    text: [...document.querySelectorAll('[data-testid="kiosk"] textarea')].map((t) => t.value).join(''),
  }));
  assert.deepEqual(shown, { checked: 0, text: '' }, 'no earlier answer is shown');
}

/** Runs axe-core in the page and returns its violations (ids and targets). */
export async function axeViolations(page, axeSource) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}

/**
 * A new browser context on `url` with the app installed (its service
 * worker in control); the page's errors are collected in `errors`.
 */
export async function openApp(browser, url, errors, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url);
  await waitForServiceWorker(page);
  return { context, page, app: new App(page) };
}
