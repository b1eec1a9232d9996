import { expect, test, type Page } from '@playwright/test';
import { startBridge, type RunningBridge } from './bridge.ts';

// The rep's notification choices, through the real renderer and the web bridge's services.
test.describe.configure({ mode: 'serial' });

let bridge: RunningBridge;
test.beforeAll(async () => {
  bridge = await startBridge();
  await bridge.call('workspace.startEmpty', {});
});
test.afterAll(async () => {
  await bridge.stop();
});

async function openNotifications(page: Page) {
  await page.getByRole('button', { name: 'Notifications' }).click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  await expect(panel.getByRole('checkbox', { name: 'Desktop notifications on' })).toBeVisible();
  return panel;
}

test('the defaults: offers, rule notices and refused changes notify; a lead leaving the box does not', async ({ page }) => {
  await page.goto(bridge.url);
  const panel = await openNotifications(page);
  await expect(panel.getByRole('checkbox', { name: 'Desktop notifications on' })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'A lead is offered to me' })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'A rule asks to tell me about a lead' })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'A lead leaves my box' })).not.toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'A change of mine was refused by the server' })).toBeChecked();
  await expect(panel.getByRole('checkbox')).toHaveCount(5);
  await expect(panel.getByRole('checkbox', { name: 'A lead leaves my box' })).toHaveAccessibleDescription(/someone else took the lead/);
});

test('turning "A lead leaves my box" on is saved at once and still on after a reload', async ({ page }) => {
  await page.goto(bridge.url);
  const panel = await openNotifications(page);
  await panel.getByRole('checkbox', { name: 'A lead leaves my box' }).check();
  await expect(panel.getByRole('status')).toHaveText('Saved');
  expect((await bridge.call('notifications.preferences', {})).kinds.leftBox).toBe(true);

  await page.reload();
  const again = await openNotifications(page);
  await expect(again.getByRole('checkbox', { name: 'A lead leaves my box' })).toBeChecked();
  await expect(again.getByRole('checkbox', { name: 'A lead is offered to me' })).toBeChecked();
});

test('by keyboard: the master switch silences every kind, keeps the choices, and Escape closes the panel', async ({ page }) => {
  await page.goto(bridge.url);
  const button = page.getByRole('button', { name: 'Notifications' });
  await button.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  const master = panel.getByRole('checkbox', { name: 'Desktop notifications on' });
  await expect(master).toBeFocused();
  await page.keyboard.press('Space');
  await expect(master).not.toBeChecked();
  await expect(panel.getByRole('status')).toHaveText('Saved');
  await expect(panel.getByRole('checkbox', { name: 'A lead leaves my box' })).toBeDisabled();
  await expect(panel.getByRole('checkbox', { name: 'A lead leaves my box' })).toBeChecked();
  expect(await bridge.call('notifications.preferences', {})).toEqual({ enabled: false, kinds: { offered: true, notice: true, leftBox: true, refused: true } });

  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(button).toBeFocused();
});

test('a click elsewhere closes the panel, and a click inside does not', async ({ page }) => {
  await page.goto(bridge.url);
  const panel = await openNotifications(page);
  await panel.getByText('Kept on this computer only').click();
  await expect(panel).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 400 } });
  await expect(panel).toHaveCount(0);
});
