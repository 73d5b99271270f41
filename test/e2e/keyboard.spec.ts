import type { Locator, Page } from '@playwright/test';
import { expect, saveScreenshot, test } from './fixtures';

test.use({ previewArgs: ['--demo'] });

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
/** The row at a 1-based position of a virtualized list (the rows carry aria-posinset). */
const rowAt = (list: Locator, position: number) => list.locator(`[role=listitem][aria-posinset="${position}"]`);

test('a skip link is the first Tab stop and lands in the main content', async ({ page }) => {
  await expect(page.getByRole('list', { name: 'Conversation list' }).getByRole('button').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await saveScreenshot(page, 'keyboard-skip-link');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  // The next Tab goes to the screen (the demo banner's button), not the sidebar.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('region', { name: 'Demo mode' }).getByRole('button', { name: 'Leave demo' })).toBeFocused();
});

test('the conversation list is one Tab stop: arrows, Home and End move, Enter opens, Escape closes the reply box', async ({ page }) => {
  const list = page.getByRole('list', { name: 'Conversation list' });
  const rows = list.getByRole('button');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  const total = Number(/^([\d,]+) conversations?$/.exec((await page.getByText(/^[\d,]+ conversations?$/).textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  expect(total).toBeGreaterThan(50);

  const filter = page.getByRole('searchbox', { name: 'Filter conversations by name or number' });
  await filter.focus();
  await page.keyboard.press('Tab');
  await expect(rowAt(list, 1).getByRole('button')).toBeFocused();
  // One Tab stop: the next Tab leaves the list.
  await page.keyboard.press('Tab');
  await expect(rowAt(list, 2).getByRole('button')).not.toBeFocused();
  await expect(list.locator(':focus')).toHaveCount(0);
  await page.keyboard.press('Shift+Tab');
  await expect(rowAt(list, 1).getByRole('button')).toBeFocused();

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(rowAt(list, 3).getByRole('button')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(rowAt(list, 2).getByRole('button')).toBeFocused();
  // End reaches the last row of the whole list, scrolling the virtualized rows to it.
  await page.keyboard.press('End');
  await expect(rowAt(list, total).getByRole('button')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(rowAt(list, 1).getByRole('button')).toBeFocused();
  await page.keyboard.press('ArrowDown');

  // Enter opens the focused conversation.
  const name = (await rowAt(list, 2).locator('.conversation__name').textContent()) ?? '';
  await page.keyboard.press('Enter');
  const thread = page.getByRole('region', { name: /Conversation with/ });
  await expect(thread.getByRole('heading', { level: 2 })).toHaveText(name);
  // Tabbing away and back returns to the row last used.
  await filter.focus();
  await page.keyboard.press('Tab');
  await expect(rowAt(list, 2).getByRole('button')).toBeFocused();

  // Escape closes the reply box and gives the focus back to its button.
  const write = page.getByRole('button', { name: 'Write a message' });
  await write.click();
  const box = page.getByRole('form', { name: 'Compose message' });
  await box.getByRole('textbox', { name: 'Message' }).fill('Half a thought');
  await page.keyboard.press('Escape');
  await expect(box).toBeHidden();
  await expect(write).toBeFocused();
});

test('the outbox and the search results are one Tab stop each, with arrows and Enter', async ({ page }) => {
  await nav(page).getByRole('button', { name: 'Outbox' }).click();
  const sent = page.getByRole('list', { name: 'Sent message list' });
  await expect(sent.getByRole('button').first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('searchbox', { name: 'Number' }).focus();
  await page.keyboard.press('Tab');
  await expect(rowAt(sent, 1).getByRole('button')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rowAt(sent, 2).getByRole('button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Message details' })).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await expect(sent.locator(':focus')).toHaveCount(0);

  await nav(page).getByRole('button', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search words' }).fill('order');
  const hits = page.getByRole('region', { name: 'Matching messages' }).getByRole('button', { name: /^(From|To) / });
  await expect(hits.nth(3)).toBeVisible({ timeout: 30_000 });
  await hits.first().focus();
  await page.keyboard.press('Tab');
  await expect(hits.nth(1)).not.toBeFocused();
  await hits.first().focus();
  await page.keyboard.press('End');
  await expect(hits.last()).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await expect(hits.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: /Conversation with/ })).toBeVisible();
});

test('the Opt-ins tabs follow the ARIA tabs pattern, and its list is one Tab stop', async ({ page }) => {
  await nav(page).getByRole('button', { name: 'Opt-ins' }).click();
  const tab = (name: string) => page.getByRole('tab', { name });
  await tab('Opted in').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab('Opted out')).toBeFocused();
  await expect(tab('Opted out')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Opted out' })).toBeVisible();
  await page.keyboard.press('End');
  await expect(tab('Capability check')).toBeFocused();
  await expect(tab('Capability check')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(tab('Opted in')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(tab('Capability check')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tab('Opted in')).toHaveAttribute('aria-selected', 'true');
  // Only the selected tab is in the Tab order: Tab moves into the panel.
  await page.keyboard.press('Tab');
  await expect(tab('Opted out')).not.toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Opted in' }).locator(':focus')).toHaveCount(1);

  const list = page.getByRole('list', { name: 'Opted-in number list' });
  await expect(rowAt(list, 2)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Refresh from SMSGlobal' }).focus();
  await page.keyboard.press('Tab');
  const first = rowAt(list, 1).locator('[tabindex]');
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rowAt(list, 2).locator('[tabindex]')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(list.locator(':focus')).toHaveCount(0);
});
