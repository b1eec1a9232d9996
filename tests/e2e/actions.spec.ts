import { expect, test, type Page } from '@playwright/test';
import type { LeadRow } from '../../core/contract/index.ts';
import { startBridge, type RunningBridge } from './bridge.ts';
import { LeadBoxPage, leadsInStatus } from './lead-box-page.ts';

// One workspace for the file: each test acts on different leads, and the last test reloads
// and checks that everything done before is still there.
test.describe.configure({ mode: 'serial' });

let bridge: RunningBridge;
const done: { lead: LeadRow; status: string; history: string; note?: string }[] = [];

test.beforeAll(async () => {
  bridge = await startBridge();
  await bridge.call('workspace.createDemo', { count: 10_000, seed: 11 });
});
test.afterAll(async () => {
  await bridge.stop();
});

async function openFresh(page: Page, lead: LeadRow): Promise<LeadBoxPage> {
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  await box.openLead(lead);
  return box;
}

async function offeredWithWithheldPhone(): Promise<LeadRow> {
  for (const row of await leadsInStatus(bridge, 'offered', 60)) {
    const { lead } = await bridge.call('leads.get', { id: row.id });
    if (lead.withheld.includes('phone') && (lead.offerExpiresAt ?? 0) > Date.now() + 60_000) return row;
  }
  throw new Error('no open offer with a withheld phone in the demo');
}

test('accepting an offer makes it yours; withheld fields arrive with the next sync', async ({ page }) => {
  const lead = await offeredWithWithheldPhone();
  const box = await openFresh(page, lead);
  await expect(box.field('Phone')).toHaveText('Withheld until you accept');
  await expect(page.getByRole('status').filter({ hasText: 'Nothing to sync' })).toBeVisible();

  await box.detail.getByRole('button', { name: 'Accept' }).click();

  await expect(box.detailStatus()).toHaveText('Accepted');
  await expect(box.cell(box.row(lead.id), 'status')).toHaveText('Accepted');
  await expect(box.field('Phone')).toHaveText('Arrives with the next sync');
  await expect(box.field('Owner')).toContainText('You');
  await expect(box.section('History')).toContainText('accepted the lead');
  await expect(page.getByRole('status', { name: '1 change waiting to sync' })).toBeVisible();
  await expect(box.detail.getByRole('button', { name: 'Reject…' })).toBeDisabled();
  await expect(box.detail.getByRole('button', { name: 'Set status…' })).toBeEnabled();
  done.push({ lead, status: 'Accepted', history: 'accepted the lead' });
});

test('rejecting asks for a reason and offers common ones', async ({ page }) => {
  const lead = (await leadsInStatus(bridge, 'offered'))[0]!;
  const box = await openFresh(page, lead);
  await box.detail.getByRole('button', { name: 'Reject…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reject lead' });
  await expect(dialog).toBeVisible();

  await dialog.getByRole('button', { name: 'Reject lead' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Reason is required');
  await expect(dialog.getByLabel('Reason', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await dialog.getByRole('button', { name: 'Duplicate of an existing lead' }).click();
  await expect(dialog.getByLabel('Reason', { exact: true })).toHaveValue('Duplicate of an existing lead');
  await dialog.getByRole('button', { name: 'Reject lead' }).click();

  await expect(dialog).toBeHidden();
  await expect(box.detailStatus()).toHaveText('Rejected');
  await expect(box.section('History')).toContainText('rejected the lead');
  await expect(box.section('History')).toContainText('Reason: Duplicate of an existing lead');
  done.push({ lead, status: 'Rejected', history: 'Reason: Duplicate of an existing lead' });
});

test('forwarding hands the lead to a chosen colleague with a note', async ({ page }) => {
  const lead = (await leadsInStatus(bridge, 'offered'))[0]!;
  const colleague = (await bridge.call('colleagues.list', {}))[0]!;
  const box = await openFresh(page, lead);
  await box.detail.getByRole('button', { name: 'Forward…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Forward lead' });

  await dialog.getByRole('button', { name: 'Forward' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Colleague is required');

  await dialog.getByLabel('Colleague').selectOption(colleague.id);
  await dialog.getByLabel(/^Note/).fill('Knows this account from last year');
  await dialog.getByRole('button', { name: 'Forward' }).click();

  await expect(dialog).toBeHidden();
  await expect(box.detailStatus()).toHaveText('Forwarded');
  await expect(box.field('Owner')).toHaveText(colleague.name);
  await expect(box.section('History')).toContainText(`forwarded the lead to ${colleague.name}`);
  await expect(box.section('History')).toContainText('Reason: Knows this account from last year');
  done.push({ lead, status: 'Forwarded', history: `forwarded the lead to ${colleague.name}` });
});

test('won needs an amount: the error shows beside the field, then the lead is won', async ({ page }) => {
  const lead = (await leadsInStatus(bridge, 'contacted'))[0]!;
  const box = await openFresh(page, lead);
  await box.detail.getByRole('button', { name: 'Set status…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set status' });
  await expect(dialog.getByRole('radio', { name: /Contacted/ })).toBeDisabled();

  await dialog.getByRole('radio', { name: /Won/ }).check();
  await dialog.getByRole('button', { name: 'Set status' }).click();
  const amount = dialog.getByLabel('Amount won');
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toHaveText('Amount is required when the lead is won');
  await expect(box.detailStatus()).toHaveText('Contacted');

  await amount.fill('12500');
  await dialog.getByRole('button', { name: 'Set status' }).click();
  await expect(dialog).toBeHidden();
  await expect(box.detailStatus()).toHaveText('Won');
  await expect(box.cell(box.row(lead.id), 'status')).toHaveText('Won');
  await expect(box.field('Won amount')).toHaveText('12,500');
  await expect(box.section('History')).toContainText('marked the lead won (12500)');
  done.push({ lead, status: 'Won', history: 'marked the lead won (12500)' });
});

test('lost needs a reason', async ({ page }) => {
  const lead = (await leadsInStatus(bridge, 'qualified'))[1]!;
  const box = await openFresh(page, lead);
  await box.detail.getByRole('button', { name: 'Set status…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set status' });
  await dialog.getByRole('radio', { name: /Lost/ }).check();
  await dialog.getByRole('button', { name: 'Set status' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Reason is required when the lead is lost');
  await dialog.getByLabel('Why was it lost?').fill('Chose a competitor');
  await dialog.getByRole('button', { name: 'Set status' }).click();
  await expect(box.detailStatus()).toHaveText('Lost');
  await expect(box.field('Close reason')).toHaveText('Chose a competitor');
  done.push({ lead, status: 'Lost', history: 'Reason: Chose a competitor' });
});

test('incubating needs a future date and sets the reactivation date', async ({ page }) => {
  const lead = (await leadsInStatus(bridge, 'qualified'))[0]!;
  const box = await openFresh(page, lead);
  await box.detail.getByRole('button', { name: 'Incubate…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Incubate lead' });
  const date = dialog.getByLabel('Reactivate on');

  await date.fill('2020-01-15');
  await dialog.getByRole('button', { name: 'Incubate' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The date must be in the future');
  await expect(date).toHaveAttribute('aria-invalid', 'true');

  await dialog.getByRole('button', { name: 'In 3 months' }).click();
  await dialog.getByRole('button', { name: 'Incubate' }).click();
  await expect(dialog).toBeHidden();
  await expect(box.detailStatus()).toHaveText('Incubating');
  await expect(box.field('Incubating until')).not.toBeEmpty();
  await expect(box.section('History')).toContainText('incubated the lead until');
  done.push({ lead, status: 'Incubating', history: 'incubated the lead until' });
});

test('a note is added to the lead and its history', async ({ page }) => {
  const lead = (await leadsInStatus(bridge, 'accepted'))[0]!;
  const box = await openFresh(page, lead);
  const notes = box.section('Notes');
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(notes.getByRole('alert')).toHaveText('Note is required');

  await notes.getByLabel('New note').fill('Called, asked for a quote by Friday');
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(notes.getByRole('listitem').first()).toContainText('Called, asked for a quote by Friday');
  await expect(notes.getByLabel('New note')).toHaveValue('');
  await expect(box.section('History')).toContainText('added a note: Called, asked for a quote by Friday');
  done.push({ lead, status: 'Accepted', history: 'added a note', note: 'Called, asked for a quote by Friday' });
});

test('after a reload everything is as it was left: statuses, notes, history, outbox', async ({ page }) => {
  expect(done.length).toBe(7);
  const box = new LeadBoxPage(page);
  await box.open(bridge);
  await page.reload();
  await expect(box.rows.first()).toBeVisible();
  await expect(page.getByRole('status', { name: `${done.length} changes waiting to sync` })).toBeVisible();
  for (const { lead, status, history, note } of done) {
    await box.openLead(lead);
    await expect(box.detailStatus()).toHaveText(status);
    await expect(box.cell(box.row(lead.id), 'status')).toHaveText(status);
    await expect(box.section('History')).toContainText(history);
    if (note) await expect(box.section('Notes')).toContainText(note);
  }
});
