import { expect, type Locator, type Page } from '@playwright/test';
import type { LeadRow } from '../../core/contract/index.ts';
import type { RunningBridge } from './bridge.ts';

/** What a spec needs to drive the lead box the way a rep does: by roles, names and text. */
export class LeadBoxPage {
  readonly grid: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly search: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: 'Leads' });
    // Data rows carry aria-selected; the header row does not.
    this.rows = this.grid.locator('[role="row"][aria-selected]');
    this.detail = page.getByRole('complementary', { name: 'Lead details' });
    this.search = page.getByRole('searchbox', { name: 'Search leads' });
    this.count = page.getByRole('toolbar', { name: 'Filters' }).getByRole('status');
  }

  async open(bridge: RunningBridge): Promise<void> {
    await this.page.goto(bridge.url);
    await expect(this.rows.first()).toBeVisible();
  }

  row(id: string): Locator {
    return this.grid.locator(`[id="lead-row-${id}"]`);
  }

  cell(row: Locator, column: 'name' | 'company' | 'priority' | 'status' | 'source' | 'campaign' | 'age' | 'offer'): Locator {
    return row.locator(`.cell--${column}`);
  }

  columnHeader(name: string): Locator {
    return this.grid.getByRole('columnheader', { name });
  }

  async expectCount(total: number, filtered: boolean): Promise<void> {
    const noun = total === 1 ? 'lead' : 'leads';
    await expect(this.count).toHaveText(`${total.toLocaleString('en-US')} ${noun}${filtered ? ' match' : ''}`);
  }

  async setFilter(facet: 'Status' | 'Priority' | 'Source' | 'Campaign', option: RegExp | string): Promise<void> {
    await this.page.getByRole('button', { name: new RegExp(`^${facet} filter`) }).click();
    await this.page.getByRole('group', { name: `Filter by ${facet.toLowerCase()}` }).getByRole('checkbox', { name: option }).check();
    await this.page.keyboard.press('Escape');
  }

  /** Brings one lead into view by searching for its name, then selects it by id. */
  async openLead(lead: Pick<LeadRow, 'id' | 'name'>): Promise<void> {
    await this.search.fill(lead.name);
    await expect(this.row(lead.id)).toBeVisible();
    await this.row(lead.id).click();
    await expect(this.detail.getByRole('heading', { level: 2 })).toContainText(lead.name.split(' ')[0]!);
  }

  section(name: string): Locator {
    return this.detail.getByRole('region', { name });
  }

  field(label: string): Locator {
    return this.detail.locator('.field', { has: this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  }

  detailStatus(): Locator {
    return this.detail.locator('.detail__badges .pill');
  }
}

/** The first leads in a status, straight from the bridge, newest first. */
export async function leadsInStatus(bridge: RunningBridge, status: LeadRow['status'], limit = 20): Promise<LeadRow[]> {
  const page = await bridge.call('leads.query', { statuses: [status], limit });
  return page.rows;
}
