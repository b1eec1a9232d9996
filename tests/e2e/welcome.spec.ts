import { expect, test } from '@playwright/test';
import { startBridge, type RunningBridge } from './bridge.ts';
import { LeadBoxPage } from './lead-box-page.ts';

let bridge: RunningBridge;
test.beforeAll(async () => {
  bridge = await startBridge();
});
test.afterAll(async () => {
  await bridge.stop();
});

test('a page opened without the token explains how to open LeadRelay', async ({ page }) => {
  await page.goto(`${bridge.base}/`);
  await expect(page.getByRole('heading', { name: 'Open LeadRelay from its own link' })).toBeVisible();
  await expect(page.getByText('npm run start:web')).toBeVisible();
});

test('a wrong token is refused with the same explanation', async ({ page }) => {
  await page.goto(`${bridge.base}/#token=not-the-token`);
  await expect(page.getByRole('heading', { name: 'Open LeadRelay from its own link' })).toBeVisible();
  await expect(page.getByRole('grid')).toHaveCount(0);
});

test('first start offers a demo workspace and opens 10,000 demo leads', async ({ page }) => {
  const box = new LeadBoxPage(page);
  await page.goto(bridge.url);
  await expect(page.getByRole('heading', { name: 'Welcome. How would you like to start?' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Connect to your lead server' })).toBeVisible();
  // The token leaves the address bar once read.
  expect(page.url()).not.toContain('token=');

  await page.getByRole('radio', { name: /10,000/ }).check();
  await page.getByRole('button', { name: 'Open demo workspace' }).click();

  await box.expectCount(10_000, false);
  await expect(box.grid).toHaveAttribute('aria-rowcount', '10001');
  await expect(box.rows.first()).toBeVisible();
  await expect(page.getByText('Demo workspace')).toBeVisible();

  // The token lives in sessionStorage, so a reload stays signed in and skips the welcome.
  await page.reload();
  await box.expectCount(10_000, false);
  await expect(page.getByRole('heading', { name: 'Welcome. How would you like to start?' })).toHaveCount(0);
});
