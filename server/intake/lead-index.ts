import type Database from 'better-sqlite3';
import type { Lead } from '../../core/lead/lead.ts';
import { createDedupeIndex, type DedupeIndex, type MatchProfile } from '../../core/quality/dedupe.ts';
import { nameTokens, normalizeCompany } from '../../core/quality/normalize.ts';

/**
 * The in-memory duplicate index over every stored lead, built once at startup. Rows carry
 * their canonical email and phone keys already, so loading skips re-parsing phone numbers.
 */
interface ProfileRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  email_key: string | null;
  phone_key: string | null;
  country: string | null;
}

const companyWords = (company: string | null) => normalizeCompany(company)?.key.split(' ').filter(Boolean) ?? [];

export function profileOfLead(lead: Lead): MatchProfile {
  const c = lead.contact;
  return { id: lead.id, email: c.email, phone: c.phone, name: nameTokens(c.firstName, c.lastName), company: companyWords(c.company), country: c.country };
}

export function loadDedupeIndex(db: Database.Database, defaultCountry: string | null): DedupeIndex {
  const index = createDedupeIndex({ defaultCountry });
  const rows = db.prepare('SELECT id, first_name, last_name, company, email_key, phone_key, country FROM leads').iterate() as IterableIterator<ProfileRow>;
  for (const row of rows) {
    index.addProfile({ id: row.id, email: row.email_key, phone: row.phone_key, name: nameTokens(row.first_name, row.last_name), company: companyWords(row.company), country: row.country });
  }
  return index;
}
