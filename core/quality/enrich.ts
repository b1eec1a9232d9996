import type { CustomValue, Lead } from '../lead/lead.ts';
import { normalizeCompany } from './normalize.ts';

/**
 * Enrichment from a lookup table of companies (industry, size, anything else the table has).
 * The table is plain data loaded by the caller (the server reads a CSV file); matching uses
 * the company key from normalisation, so "ACME GmbH" finds a row for "Acme".
 */
export interface CompanyFacts {
  industry: string | null;
  /** Employees, when the table gives a number. */
  size: number | null;
  extra: Record<string, string>;
}

export type CompanyTable = ReadonlyMap<string, CompanyFacts>;

/** Rows as header → cell, with a `company` column; `industry` and `size` are understood, other columns kept as extras. */
export function buildCompanyTable(rows: ReadonlyArray<Readonly<Record<string, string>>>): CompanyTable {
  const table = new Map<string, CompanyFacts>();
  for (const row of rows) {
    const key = normalizeCompany(row.company)?.key;
    if (!key || table.has(key)) continue;
    const size = Number((row.size ?? '').replace(/[ ,_]/g, ''));
    const extra: Record<string, string> = {};
    for (const [column, value] of Object.entries(row)) if (!['company', 'industry', 'size'].includes(column) && value.trim()) extra[column] = value.trim();
    table.set(key, { industry: row.industry?.trim() || null, size: Number.isInteger(size) && size > 0 ? size : null, extra });
  }
  return table;
}

/** Fills what the lead lacks; never overwrites what the source said. Answers the lead unchanged when nothing matches. */
export function enrichLead(lead: Lead, table: CompanyTable): { lead: Lead; enriched: string[] } {
  const key = normalizeCompany(lead.contact.company)?.key;
  const facts = key ? table.get(key) : undefined;
  if (!facts) return { lead, enriched: [] };
  const custom: Record<string, CustomValue> = { ...lead.custom };
  const enriched: string[] = [];
  const fill = (name: string, value: string | number | null) => {
    if (value === null || custom[name] !== undefined) return;
    custom[name] = value;
    enriched.push(name);
  };
  fill('company.industry', facts.industry);
  fill('company.size', facts.size);
  for (const [column, value] of Object.entries(facts.extra)) fill(`company.${column}`.slice(0, 100), value.slice(0, 2000));
  return { lead: { ...lead, custom }, enriched };
}
