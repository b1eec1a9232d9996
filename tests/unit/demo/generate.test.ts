import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../../core/demo/generate.ts';
import { mulberry32 } from '../../../core/demo/prng.ts';
import { Lead, LEAD_STATUSES, PRIORITIES } from '../../../core/lead/lead.ts';
import { normalizePhone } from '../../../core/quality/normalize.ts';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);
const HOUR = 3_600_000;
const options = { count: 2000, seed: 42, now: NOW, userId: 'u-me', userName: 'Alex Rep' };
const demo = generateDemoWorkspace(options);

describe('generateDemoWorkspace', () => {
  it('is deterministic: the same seed gives the same workspace, another seed another', () => {
    expect(generateDemoWorkspace(options)).toEqual(demo);
    const other = generateDemoWorkspace({ ...options, seed: 43 });
    expect(other.leads.map((l) => l.contact.email)).not.toEqual(demo.leads.map((l) => l.contact.email));
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  it('produces valid leads with unique ids, every status and every priority', () => {
    for (const lead of demo.leads) expect(Lead.parse(lead)).toEqual(lead);
    expect(new Set(demo.leads.map((l) => l.id)).size).toBe(2000);
    expect(new Set(demo.history.map((h) => h.id)).size).toBe(demo.history.length);
    expect(new Set(demo.leads.map((l) => l.status))).toEqual(new Set(LEAD_STATUSES));
    expect(new Set(demo.leads.map((l) => l.priority))).toEqual(new Set(PRIORITIES));
    expect(demo.leads.every((l, i) => i === 0 || demo.leads[i - 1]!.createdAt <= l.createdAt)).toBe(true);
  });

  it('has a good share of open offers expiring within two days, some withholding contact fields', () => {
    const offered = demo.leads.filter((l) => l.status === 'offered');
    expect(offered.length / demo.leads.length).toBeGreaterThan(0.15);
    for (const lead of offered) {
      expect(lead.offerExpiresAt! - NOW).toBeGreaterThanOrEqual(5 * 60_000);
      expect(lead.offerExpiresAt! - NOW).toBeLessThanOrEqual(48 * HOUR);
      for (const field of lead.withheld) expect(lead.contact[field]).toBeNull();
    }
    expect(offered.filter((l) => l.withheld.length > 0).length).toBeGreaterThan(offered.length * 0.2);
    expect(demo.leads.filter((l) => l.status !== 'offered').every((l) => l.offerExpiresAt === null && l.withheld.length === 0)).toBe(true);
  });

  it('spreads arrivals over about six months and keeps scores in line with priority', () => {
    const ages = demo.leads.map((l) => NOW - l.createdAt);
    expect(Math.min(...ages)).toBeGreaterThan(0);
    expect(Math.max(...ages)).toBeGreaterThan(150 * 24 * HOUR);
    expect(Math.max(...ages)).toBeLessThanOrEqual(180 * 24 * HOUR);
    const mean = (p: string) => {
      const scores = demo.leads.filter((l) => l.priority === p).map((l) => l.score);
      return scores.reduce((a, b) => a + b, 0) / scores.length;
    };
    expect(mean('low')).toBeLessThan(mean('normal'));
    expect(mean('normal')).toBeLessThan(mean('high'));
    expect(mean('high')).toBeLessThan(mean('urgent'));
  });

  it('gives each lead a time-ordered history that ends in its status', () => {
    const byLead = new Map<string, typeof demo.history>();
    for (const h of demo.history) byLead.set(h.leadId, [...(byLead.get(h.leadId) ?? []), h]);
    const lastKind: Record<string, string[]> = {
      new: ['created'], routed: ['routed'], offered: ['offered'], accepted: ['accepted', 'note'], rejected: ['rejected'],
      forwarded: ['forwarded'], timed_out: ['status'], contacted: ['status', 'note'], qualified: ['status', 'note'],
      won: ['status', 'note'], lost: ['status', 'note'], incubating: ['incubated', 'note'],
    };
    for (const lead of demo.leads) {
      const history = byLead.get(lead.id)!;
      expect(history[0]!.kind).toBe('created');
      expect(history.every((h, i) => i === 0 || history[i - 1]!.at <= h.at)).toBe(true);
      expect(history.at(-1)!.at).toBeLessThanOrEqual(NOW);
      expect(lastKind[lead.status]).toContain(history.at(-1)!.kind);
      expect(lead.updatedAt).toBe(history.at(-1)!.at);
    }
    const won = demo.leads.filter((l) => l.status === 'won');
    expect(won.every((l) => l.wonAmount !== null && l.ownerId === 'u-me')).toBe(true);
    expect(demo.leads.filter((l) => l.status === 'lost').every((l) => l.closeReason)).toBe(true);
  });

  it('writes notes for some worked leads, each with its history line, and 6-10 colleagues', () => {
    expect(demo.notes.length).toBeGreaterThan(50);
    const noteIds = new Set(demo.history.filter((h) => h.kind === 'note').map((h) => h.data.noteId));
    expect(demo.notes.every((n) => noteIds.has(n.id))).toBe(true);
    expect(demo.colleagues.length).toBeGreaterThanOrEqual(6);
    expect(demo.colleagues.length).toBeLessThanOrEqual(10);
    expect(demo.colleagues.every((c) => c.id !== 'u-me')).toBe(true);
  });

  it('derives emails from names and domains, and varies cultures', () => {
    const withEmail = demo.leads.find((l) => l.contact.email && l.contact.lastName === 'Müller');
    expect(withEmail?.contact.email).toMatch(/^[a-z]+\.muller@[a-z0-9.-]+$/);
    expect(new Set(demo.leads.map((l) => l.contact.country)).size).toBeGreaterThanOrEqual(10);
    expect(demo.leads.every((l) => l.contact.phone === null || /^\+\d{1,3} \d+ \d{3} \d{4}$/.test(l.contact.phone))).toBe(true);
  });

  it('writes phone numbers that are valid in the lead\'s country, so strict intake accepts them', () => {
    const phones = demo.leads.filter((l) => l.contact.phone !== null);
    expect(phones.length).toBeGreaterThan(1000);
    for (const lead of phones) {
      const phone = normalizePhone(lead.contact.phone, lead.contact.country);
      expect(phone.ok ? phone.value?.country : phone.problem, lead.contact.phone!).toBe(lead.contact.country);
    }
  });

  it('accepts custom ids and rejects a bad count', () => {
    const custom = generateDemoWorkspace({ ...options, count: 3, newId: (kind, n) => `${kind}:${n}` });
    expect(custom.leads.map((l) => l.id)).toEqual(['lead:1', 'lead:2', 'lead:3']);
    expect(() => generateDemoWorkspace({ ...options, count: -1 })).toThrow('count');
  });
});
