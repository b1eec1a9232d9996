import { expect, test, type Page } from '@playwright/test';
import type { LeadRow } from '../../core/contract/index.ts';
import { startBridge, type RunningBridge } from './bridge.ts';
import { LeadBoxPage, leadsInStatus } from './lead-box-page.ts';

let bridge: RunningBridge;
test.beforeAll(async () => {
  bridge = await startBridge();
  await bridge.call('workspace.createDemo', { count: 10_000, seed: 7 });
});
test.afterAll(async () => {
  await bridge.stop();
});

test('10,000 leads load into a virtualised list that scrolls to the last lead', async ({ page }) => {
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  await box.expectCount(10_000, false);
  await expect(box.grid).toHaveAttribute('aria-rowcount', '10001');
  // Only what is on screen (plus overscan) is in the DOM.
  expect(await box.rows.count()).toBeLessThan(100);

  const oldest = await bridge.call('leads.query', { sort: 'createdAt', direction: 'asc', limit: 1 });
  await box.grid.locator('.grid-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const last = box.grid.locator('[role="row"][aria-rowindex="10001"]');
  await expect(last).toHaveAttribute('aria-label', new RegExp(`^${escape(oldest.rows[0]!.name)}`));
  expect(await box.rows.count()).toBeLessThan(100);
});

test('search narrows the list to matching leads', async ({ page }) => {
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  const target = (await bridge.call('leads.query', { offset: 1234, limit: 1 })).rows[0]!;
  const company = target.company!;
  const expected = await bridge.call('leads.query', { search: company, limit: 1 });

  await box.search.fill(company);
  await box.expectCount(expected.total, true);
  await expect(box.row(target.id)).toBeVisible();
});

test('nothing matching shows a deliberate empty state that clears the filters', async ({ page }) => {
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  await box.search.fill('qqqzzzxxy');
  await expect(page.getByRole('heading', { name: 'No leads match' })).toBeVisible();
  await box.expectCount(0, true);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await box.expectCount(10_000, false);
  await expect(box.search).toHaveValue('');
});

test('filters show counts, combine, and clear all', async ({ page }) => {
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  const facets = await bridge.call('leads.facets', {});
  const offered = facets.statuses.find((s) => s.value === 'offered')!.count;

  await page.getByRole('button', { name: /^Status filter/ }).click();
  const offeredBox = page.getByRole('group', { name: 'Filter by status' }).getByRole('checkbox', { name: /Offered/ });
  await expect(offeredBox.locator('xpath=..')).toContainText(offered.toLocaleString('en-US'));
  await page.keyboard.press('Escape');

  await box.setFilter('Status', /Offered/);
  await box.expectCount(offered, true);
  await expect(page.getByRole('button', { name: 'Status filter, 1 selected' })).toBeVisible();
  for (const cell of await box.rows.locator('.cell--status').all()) await expect(cell).toHaveText('Offered');

  await box.setFilter('Priority', /Urgent/);
  const both = await bridge.call('leads.query', { statuses: ['offered'], priorities: ['urgent'], limit: 1 });
  await box.expectCount(both.total, true);
  for (const cell of await box.rows.locator('.cell--priority').all()) await expect(cell).toContainText('Urgent');

  await page.getByRole('button', { name: 'Clear all' }).click();
  await box.expectCount(10_000, false);
});

test('clicking a column header sorts by it and flips direction', async ({ page }) => {
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  await expect(box.columnHeader('Age')).toHaveAttribute('aria-sort', 'ascending');
  await expect(box.columnHeader('Name')).toHaveAttribute('aria-sort', 'none');

  await box.columnHeader('Name').getByRole('button').click();
  await expect(box.columnHeader('Name')).toHaveAttribute('aria-sort', 'ascending');
  await expect(box.columnHeader('Age')).toHaveAttribute('aria-sort', 'none');
  const ascending = await bridge.call('leads.query', { sort: 'name', direction: 'asc', limit: 1 });
  await expect(box.cell(box.rows.first(), 'name')).toHaveText(ascending.rows[0]!.name);

  await box.columnHeader('Name').getByRole('button').click();
  await expect(box.columnHeader('Name')).toHaveAttribute('aria-sort', 'descending');
  const descending = await bridge.call('leads.query', { sort: 'name', direction: 'desc', limit: 1 });
  await expect(box.cell(box.rows.first(), 'name')).toHaveText(descending.rows[0]!.name);

  await box.columnHeader('Priority').getByRole('button').click();
  await expect(box.columnHeader('Priority')).toHaveAttribute('aria-sort', 'descending');
  const top = await bridge.call('leads.query', { sort: 'score', direction: 'desc', limit: 1 });
  await expect(box.cell(box.rows.first(), 'priority')).toContainText(String(Math.round(top.rows[0]!.score)));
});

test('opening a lead shows every field, withheld ones marked, with history', async ({ page }) => {
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  const offers = await leadsInStatus(bridge, 'offered', 50);
  let withheldLead = null;
  for (const row of offers) {
    const detail = await bridge.call('leads.get', { id: row.id });
    if (detail.lead.withheld.includes('phone')) {
      withheldLead = detail;
      break;
    }
  }
  expect(withheldLead, 'the demo has offers with withheld fields').not.toBeNull();
  const { lead, history } = withheldLead!;

  await box.openLead({ id: lead.id, name: `${lead.contact.firstName} ${lead.contact.lastName}` });
  await expect(box.row(lead.id)).toHaveAttribute('aria-selected', 'true');
  await expect(box.detailStatus()).toHaveText('Offered');
  await expect(box.field('Phone')).toHaveText('Withheld until you accept');
  await expect(box.field('First name')).toHaveText(lead.contact.firstName!);
  await expect(box.field('Company')).toHaveText(lead.contact.company!);
  await expect(box.field('Source')).toHaveText(lead.source!);
  await expect(box.field('Campaign')).toHaveText(lead.campaign!);
  await expect(box.field('Score')).toContainText(`${Math.round(lead.score)} / 100`);
  await expect(box.field('Product')).toHaveText(lead.interest.product!);
  for (const [key, value] of Object.entries(lead.custom)) {
    await expect(box.field(key.charAt(0).toUpperCase() + key.slice(1))).toHaveText(String(value));
  }
  await expect(box.detail.getByText(/^Answer within /)).toBeVisible();
  const timeline = box.section('History').getByRole('listitem');
  await expect(timeline).toHaveCount(history.length);
  await expect(box.section('History')).toContainText(history[0]!.summary);
});

/** The lead box open on an offered lead; answers the page object and the lead. */
async function openAnOffer(page: Page): Promise<{ box: LeadBoxPage; offer: LeadRow }> {
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  const offer = (await leadsInStatus(bridge, 'offered', 1))[0]!;
  await box.openLead(offer);
  await expect(box.detailStatus()).toHaveText('Offered');
  return { box, offer };
}

test('a change made elsewhere arrives live over the event stream', async ({ page }) => {
  const { box, offer } = await openAnOffer(page);

  // Another client of the same workstation (here: the test, over HTTP) accepts it.
  await bridge.call('leads.act', { type: 'accept', leadId: offer.id });

  await expect(box.cell(box.row(offer.id), 'status')).toHaveText('Accepted');
  await expect(box.detailStatus()).toHaveText('Accepted');
  await expect(box.section('History')).toContainText('accepted the lead');
  await expect(page.getByRole('status', { name: '1 change waiting to sync' })).toBeVisible();
});

test('a change made while the event stream was away shows once it is back', async ({ page }) => {
  // The stream cannot connect at first: the browser keeps retrying, as after a dropped connection.
  await page.route('**/events?*', (route) => route.abort());
  const { box, offer } = await openAnOffer(page);

  await bridge.call('leads.act', { type: 'accept', leadId: offer.id });
  await expect(box.detailStatus()).toHaveText('Offered');
  await page.unroute('**/events?*');

  await expect(box.cell(box.row(offer.id), 'status')).toHaveText('Accepted');
  await expect(box.detailStatus()).toHaveText('Accepted');
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
