import type { Locator, Page } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures';

test.use({ previewArgs: ['--demo'] });

// The page's globals these checks read (the end-to-end tests compile without the DOM library).
declare const document: { activeElement: unknown };
declare function getComputedStyle(el: unknown): { outlineStyle: string; outlineWidth: string; outlineColor: string; boxShadow: string };

/** Presses Tab until `target` has the focus (keyboard focus, so :focus-visible applies). */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

interface Indicator {
  outline: string;
  outlineWidth: number;
  outlineAlpha: number;
  shadowFocused: string;
  shadowAtRest: string;
}

/** The focused control's outline and box-shadow, and its box-shadow once it loses the focus. */
async function indicatorOf(target: Locator): Promise<Indicator> {
  return target.evaluate((el) => {
    const style = getComputedStyle(el);
    const alpha = /rgba?\(([^)]+)\)/.exec(style.outlineColor)?.[1]?.split(/[\s,/]+/).filter(Boolean)[3];
    const focused = {
      outline: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      outlineAlpha: alpha === undefined ? 1 : Number(alpha),
      shadowFocused: style.boxShadow,
    };
    (el as unknown as { blur(): void }).blur();
    return { ...focused, shadowAtRest: getComputedStyle(el).boxShadow };
  });
}

/** WCAG 2.4.7: a keyboard user sees where the focus is — a solid outline, or a ring the control does not have at rest. */
function expectVisibleFocus(indicator: Indicator, name: string): void {
  const outline = indicator.outline !== 'none' && indicator.outlineWidth >= 2 && indicator.outlineAlpha >= 0.9;
  const ring = indicator.shadowFocused !== 'none' && indicator.shadowFocused !== indicator.shadowAtRest;
  expect(outline || ring, `${name} shows no focus indicator: ${JSON.stringify(indicator)}`).toBe(true);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`keyboard focus is visible on buttons (${scheme} theme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const list = page.getByRole('list', { name: 'Conversation list' });
    await expect(list.getByRole('button').first()).toBeVisible({ timeout: 30_000 });

    // Leave demo (the banner) and Sync now (the sync bar) come first in the page's order.
    const leave = page.getByRole('region', { name: 'Demo mode' }).getByRole('button', { name: 'Leave demo' });
    await tabTo(page, leave);
    expectVisibleFocus(await indicatorOf(leave), 'Leave demo');
    const sync = page.getByRole('button', { name: 'Sync now' });
    await leave.focus();
    await tabTo(page, sync);
    await saveScreenshot(page, `focus-sync-now-${scheme}`);
    expectVisibleFocus(await indicatorOf(sync), 'Sync now');

    // Export, in a conversation's header: start from its title so Tab does not walk the list.
    await list.getByRole('button').first().click();
    const thread = page.getByRole('region', { name: /Conversation with/ });
    await thread.getByRole('heading', { level: 2 }).click();
    const exportButton = thread.getByRole('button', { name: 'Export' });
    await tabTo(page, exportButton);
    await saveScreenshot(page, `focus-export-${scheme}`);
    expectVisibleFocus(await indicatorOf(exportButton), 'Export');

    // Send, at the end of the composer (a primary button).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Compose' }).click();
    const form = page.getByRole('form', { name: 'Compose message' });
    await form.getByRole('textbox', { name: 'Message' }).click();
    const send = form.getByRole('button', { name: 'Send' });
    await tabTo(page, send);
    await saveScreenshot(page, `focus-send-${scheme}`);
    expectVisibleFocus(await indicatorOf(send), 'Send');
  });
}
