import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBridge, type RunningBridge } from './bridge.ts';

// One demo workspace for the file: the demo user manages the DACH team and works under the
// sales director's template ("Sales organisation": scores change by at most ±50, no partner
// forwarding). Tests build on each other (serial) and the last ones reload to check persistence.
test.describe.configure({ mode: 'serial' });

let bridge: RunningBridge;
let myBoxId: string;

test.beforeAll(async () => {
  bridge = await startBridge();
  await bridge.call('workspace.createDemo', { count: 3_000, seed: 13 });
  myBoxId = (await bridge.call('rules.list', {})).boxes.find((b) => b.mine)!.id;
});
test.afterAll(async () => {
  await bridge.stop();
});

async function openRules(page: Page): Promise<void> {
  await page.goto(bridge.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Rules' }).click();
  await expect(ruleCard(page, 'Large DACH deals first')).toBeVisible();
}

const ruleCard = (page: Page, name: string): Locator => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
const namesInOrder = async (boxId = myBoxId) => (await bridge.call('rules.list', { boxId })).rules.map((r) => r.name);

test('create a rule through the wizard: a score outside the template is refused at its input, then tried and saved', async ({ page }) => {
  await openRules(page);
  await page.getByRole('button', { name: 'New rule' }).click();
  const wizard = page.getByRole('dialog', { name: 'New rule' });
  await expect(wizard.getByText('Limited by Sales organisation')).toBeVisible();
  // Only the template's categories are offered.
  await expect(wizard.getByRole('radio')).toHaveCount(4);
  await expect(wizard.getByRole('radio', { name: /Notification/ })).toHaveCount(0);
  await wizard.getByRole('radio', { name: /Prioritization/ }).check();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await expect(wizard.getByRole('radio', { name: 'A lead arrives in the box' })).toBeChecked();
  await wizard.getByRole('button', { name: 'Next' }).click();

  await wizard.getByRole('button', { name: 'Add a condition' }).click();
  const condition = wizard.getByRole('group', { name: 'Condition 1' });
  await condition.getByLabel('Field').selectOption('contact.country');
  await condition.getByLabel('Operator').selectOption('oneOf');
  await condition.getByLabel('Values').fill('FR, BE');
  await wizard.getByRole('button', { name: 'Next' }).click();

  // Partner forwarding is not in the template, so it is not offered.
  const addAction = wizard.getByLabel('Add an action');
  await expect(addAction.locator('option', { hasText: 'Forward to a partner' })).toHaveCount(0);
  await addAction.selectOption('setScore');
  const action = wizard.getByRole('group', { name: /Action 1/ });
  await expect(action.getByText('Allowed: -50 to 50')).toBeVisible();
  await action.getByLabel('Amount').fill('80');
  await expect(action.getByRole('alert')).toContainText('80 is outside the allowed range for setScore: template "Sales organisation" allows -50..50');
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByLabel('Rule name').fill('French and Belgian leads up');
  await wizard.getByRole('button', { name: 'Next' }).click();

  // Saving anyway: the server refuses, and the wizard returns to the input at fault.
  await wizard.getByRole('button', { name: 'Save rule' }).click();
  await expect(wizard.getByRole('button', { name: /Actions/ })).toHaveAttribute('aria-current', 'step');
  await expect(action.getByLabel('Amount')).toHaveAttribute('aria-invalid', 'true');
  await expect(action.getByRole('alert')).toContainText('template "Sales organisation" allows -50..50');
  await page.screenshot({ path: '/tmp/rules-violation.png' });
  expect(await namesInOrder()).not.toContain('French and Belgian leads up');

  await action.getByLabel('Amount').fill('15');
  await expect(action.getByRole('alert')).toHaveCount(0);
  await wizard.getByRole('button', { name: /Review/ }).click();
  await expect(wizard.getByText('When a lead arrives in the box, if the country is one of FR, BE, add 15 to the score.')).toBeVisible();

  // Try the draft (the box's rules with this one added) on the demo leads before saving.
  await wizard.getByRole('button', { name: 'Try it' }).click();
  await expect(wizard.getByRole('status').filter({ hasText: 'Tried 2,000 of 3,000 leads' })).toBeVisible();
  const destinations = wizard.getByRole('region', { name: 'Where leads would go' });
  await expect(destinations).toContainText("Anna Weber's box");
  await expect(destinations).toContainText('Stays in DACH team');
  const table = wizard.getByRole('table', { name: 'Leads and the rules that fired' });
  await expect(table.getByText('French and Belgian leads up').first()).toBeVisible();
  await page.screenshot({ path: '/tmp/rules-try.png' });

  await wizard.getByRole('button', { name: 'Save rule' }).click();
  await expect(wizard).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Created “French and Belgian leads up”' })).toBeVisible();
  await expect(ruleCard(page, 'French and Belgian leads up')).toContainText('add 15 to the score');
  await expect(page.getByRole('status', { name: '1 change waiting to sync' })).toBeVisible();
  expect(await namesInOrder()).toContain('French and Belgian leads up');
});

test('an imported rule using an action the template does not allow is refused, naming the template', async ({ page }) => {
  await openRules(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import rules' });
  const rule = {
    id: 'to-partner', name: 'Send Benelux to our reseller', category: 'assignment', event: 'arrived', ownerId: 'x',
    scope: { kind: 'box', boxId: myBoxId }, actions: [{ type: 'routeToPartner', partnerId: 'benelux-reseller' }],
  };
  await dialog.getByLabel('Content').fill(JSON.stringify({ version: 1, rules: [rule] }));
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByRole('alert')).toContainText('rules[0].actions[0].type: action "routeToPartner" is not allowed: template "Sales organisation" allows');
  await page.screenshot({ path: '/tmp/rules-import-refused.png' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await namesInOrder()).not.toContain('Send Benelux to our reseller');
});

test('rules reorder by keyboard and by drag and drop, and the order survives a reload', async ({ page }) => {
  await openRules(page);
  const before = await namesInOrder();
  await page.getByRole('button', { name: 'Move “German price list” up' }).click();
  await expect(ruleCard(page, 'German price list').getByLabel(/Runs 5 of/)).toBeVisible();
  await expect.poll(namesInOrder).toEqual([...before.slice(0, 4), 'German price list', before[4], ...before.slice(6)]);

  const handle = ruleCard(page, 'Park the researchers').locator('.rule-card__handle');
  await handle.dragTo(ruleCard(page, 'Large DACH deals first'), { targetPosition: { x: 200, y: 5 } });
  await expect(ruleCard(page, 'Park the researchers').getByLabel(/Runs 1 of/)).toBeVisible();
  await expect.poll(async () => (await namesInOrder())[0]).toBe('Park the researchers');

  await page.reload();
  await expect(ruleCard(page, 'Park the researchers').getByLabel(/Runs 1 of/)).toBeVisible();
  await expect(ruleCard(page, 'French and Belgian leads up')).toBeVisible();
  await page.screenshot({ path: '/tmp/rules-list.png' });
});

test('try the saved rules on demo leads, read rule accuracy, and see a broken team template refused', async ({ page }) => {
  await openRules(page);
  const tabs = page.getByRole('tablist', { name: 'Rule views' });
  await tabs.getByRole('tab', { name: 'Try it' }).click();
  await page.getByLabel('How many leads to try').selectOption('5000');
  await page.getByRole('button', { name: 'Try it' }).last().click();
  await expect(page.getByRole('status').filter({ hasText: 'Tried 3,000 of 3,000 leads' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Where leads would go' })).toContainText('Ben Fischer');

  await tabs.getByRole('tab', { name: 'Accuracy' }).click();
  const accuracy = page.getByRole('table', { name: 'Rule accuracy' });
  const row = accuracy.getByRole('row').filter({ hasText: 'Round robin: DACH reps' });
  await expect(row).toBeVisible();
  const routed = Number((await row.getByRole('cell').first().textContent())!.replace(/\D/g, ''));
  expect(routed).toBeGreaterThan(0);
  await page.screenshot({ path: '/tmp/rules-accuracy.png' });

  await tabs.getByRole('tab', { name: 'Templates' }).click();
  const editor = page.getByLabel(/DACH reps/);
  const xml = await editor.inputValue();
  await editor.fill(xml.replace('<field path="interest.size" min="0" max="100000"/>', '<field path="interest.size" min="zero"/>'));
  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'fields[1]' })).toHaveText('in fields[1].min: "zero" is not a number');
  await page.screenshot({ path: '/tmp/rules-templates.png' });
});

test('a rule box below mine belongs to my team: the box selector shows it and its rules', async ({ page }) => {
  await openRules(page);
  await page.getByLabel('Box').selectOption('box-rep-anna');
  await expect(ruleCard(page, 'Fleet managers first')).toContainText('if the job title contains "Fleet", add 10 to the score');
  await expect(ruleCard(page, 'Fleet managers first')).toContainText('By Anna Weber');
});
