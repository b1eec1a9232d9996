import { expect, test, type Page } from '@playwright/test';
import { startBridge, type RunningBridge } from './bridge.ts';
import { LeadBoxPage } from './lead-box-page.ts';

let bridge: RunningBridge;
test.beforeAll(async () => {
  bridge = await startBridge();
  await bridge.call('workspace.createDemo', { count: 10_000, seed: 23 });
});
test.afterAll(async () => {
  await bridge.stop();
});

async function openOffers(page: Page): Promise<LeadBoxPage> {
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  await box.setFilter('Status', /Offered/);
  const offered = await bridge.call('leads.query', { statuses: ['offered'], limit: 1 });
  await box.expectCount(offered.total, true);
  return box;
}

const selected = (box: LeadBoxPage) => box.grid.locator('[role="row"][aria-selected="true"]');

test('j and k move the selection and the detail pane follows', async ({ page }) => {
  const box = await openOffers(page);
  const first = await box.rows.nth(0).getAttribute('aria-label');
  const second = await box.rows.nth(1).getAttribute('aria-label');

  await page.keyboard.press('j');
  await expect(selected(box)).toHaveAttribute('aria-rowindex', '2');
  await expect(box.detail.getByRole('heading', { level: 2 })).toHaveText(first!.split(',')[0]!);
  await page.keyboard.press('j');
  await expect(selected(box)).toHaveAttribute('aria-rowindex', '3');
  await expect(box.detail.getByRole('heading', { level: 2 })).toHaveText(second!.split(',')[0]!);
  await page.keyboard.press('k');
  await expect(selected(box)).toHaveAttribute('aria-rowindex', '2');

  // Far down the list the selected row is scrolled into view.
  for (let i = 0; i < 40; i += 1) await page.keyboard.press('j');
  await expect(selected(box)).toHaveAttribute('aria-rowindex', '42');
  await expect(selected(box)).toBeInViewport();
});

test('a accepts the selected offer; r opens reject, Escape closes it', async ({ page }) => {
  const box = await openOffers(page);
  await page.keyboard.press('j');
  await expect(box.detailStatus()).toHaveText('Offered');
  await page.keyboard.press('a');
  await expect(box.detailStatus()).toHaveText('Accepted');
  await expect(box.cell(selected(box), 'status')).toHaveText('Accepted');

  await page.keyboard.press('j');
  await expect(box.detailStatus()).toHaveText('Offered');
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog', { name: 'Reject lead' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Reason', { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(box.detailStatus()).toHaveText('Offered');

  await page.keyboard.press('r');
  await page.keyboard.type('Not my territory');
  await dialog.getByRole('button', { name: 'Reject lead' }).click();
  await expect(dialog).toBeHidden();
  await expect(box.detailStatus()).toHaveText('Rejected');
  await expect(page.getByRole('status', { name: '2 changes waiting to sync' })).toBeVisible();
});

test('shortcuts pause while typing; / focuses search and Escape leaves it', async ({ page }) => {
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  await page.keyboard.press('/');
  await expect(box.search).toBeFocused();
  await page.keyboard.type('jk');
  await expect(box.search).toHaveValue('jk');
  await expect(selected(box)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(box.search).not.toBeFocused();

  await box.search.fill('');
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Accept the offer');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});
