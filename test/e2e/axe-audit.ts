import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, saveScreenshot } from './fixtures';

/**
 * axe-core over a screen's state: no violation of serious or critical impact against WCAG 2.0,
 * 2.1 and 2.2 A and AA. Each state checked is also photographed
 * (test-results/screens/a11y-<state>-<theme>.png).
 */

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
export type Theme = 'light' | 'dark';

/** Collects what axe finds per state, so one run names every problem on every screen. */
export class Audit {
  readonly problems: string[] = [];
  readonly states: string[] = [];
  constructor(
    private readonly page: Page,
    private readonly theme: Theme,
  ) {}

  async check(state: string): Promise<void> {
    // Transitions (the dialog's fade, the rows' hover) must not be caught half-way.
    await this.page.waitForTimeout(150);
    const results = await new AxeBuilder({ page: this.page })
      // label-content-name-mismatch (WCAG 2.5.3) is "experimental" in axe: switched on by name.
      .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
      .withTags([...TAGS, 'experimental'])
      .analyze();
    this.states.push(state);
    for (const violation of results.violations) {
      // Only the experimental rule asked for above; the others have no WCAG standing yet.
      if (violation.tags.includes('experimental') && violation.id !== 'label-content-name-mismatch') continue;
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      const nodes = violation.nodes.slice(0, 4).map((node) => `    ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 220)}`);
      this.problems.push(`${state} (${this.theme}): ${violation.id} [${violation.impact}] ×${violation.nodes.length} — ${violation.help}\n${nodes.join('\n')}`);
    }
    await saveScreenshot(this.page, `a11y-${state}-${this.theme}`);
  }

  expectClean(): void {
    expect(this.problems, `axe found ${this.problems.length} problems over ${this.states.length} states:\n${this.problems.join('\n')}`).toEqual([]);
  }
}
