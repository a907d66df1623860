// Page objects for the volunteer's app: each step a person takes, by the
// stable data-testid hooks. `taps` counts every click a step needs.
import assert from 'node:assert/strict';

export class App {
  constructor(page) {
    this.page = page;
    this.taps = 0;
  }

  async tap(locator) {
    this.taps += 1;
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
    if (site !== undefined) await this.testid('site-input').fill(site);
    if (channel) await this.tap(this.testid(`channel-${channel}`));
    if (household) await this.tap(this.testid(`household-${household}`));
    for (const [scheme, [status, ...barriers]] of Object.entries(findings)) {
      await this.tap(this.scheme(scheme).getByTestId(`status-${status}`));
      for (const barrier of barriers) await this.tap(this.scheme(scheme).getByTestId(`barrier-${barrier}`));
    }
    if (notes) await this.testid('notes-input').fill(notes);
    await this.tap(this.testid('save-contact'));
    await this.testid('saved-toast').filter({ hasText: /Opgeslagen op deze telefoon|Saved on this phone/ }).waitFor();
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

/** Runs axe-core in the page and returns its violations (ids and targets). */
export async function axeViolations(page, axeSource) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}
