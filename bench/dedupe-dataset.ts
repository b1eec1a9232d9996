// A seeded lead set with known duplicates, for measuring dedupe quality and speed.
import { mulberry32 } from '../core/demo/prng.ts';
import type { DedupeRecord } from '../core/quality/dedupe.ts';

export interface LabelledRecord extends DedupeRecord {
  /** Records with the same person id are duplicates of each other. */
  person: number;
}

const FIRST = (
  'James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph Jessica Thomas Sarah ' +
  'Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Paul Sandra Steven Ashley Andrew Kimberly Kenneth Emily Joshua ' +
  'Donna Kevin Michelle Brian Carol George Amanda Timothy Melissa Ronald Deborah Jason Stephanie Jeffrey Rebecca Ryan Laura Jacob Helen ' +
  'Gary Sharon Nicholas Cynthia Eric Kathleen Jonathan Amy Stephen Shirley Larry Angela Justin Anna Scott Brenda Brandon Pamela Frank ' +
  'Nicole Benjamin Ruth Gregory Katharine Samuel Christine Raymond Catherine Patrick Virginia Alexander Debra Jack Rachel Dennis Janet ' +
  'Jerry Emma Tyler Carolyn Aaron Maria Henry Heather Jose Diane Adam Julie Peter Joyce Lukas Sophie Felix Marie Jonas Lena Leon Hannah ' +
  'Paul Lea Finn Mia Elias Emilia Noah Clara Luca Ella Moritz Ida Jan Greta Niklas Johanna Tobias Frieda Sven Ingrid Lars Astrid Pierre ' +
  'Camille Louis Chloe Hugo Manon Jules Ines Marco Giulia Matteo Chiara Alessandro Francesca Pablo Lucia Javier Carmen Diego Elena'
).split(' ');
const LAST = (
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore ' +
  'Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen ' +
  'Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Mueller Schmidt Schneider Fischer Weber Meyer Wagner ' +
  'Becker Schulz Hoffmann Koch Richter Klein Wolf Schroeder Neumann Schwarz Zimmermann Braun Hofmann Hartmann Lange Schmitt Werner Krause ' +
  'Meier Lehmann Huber Kaiser Fuchs Peters Lang Scholz Moeller Weiss Jung Hahn Vogel Friedrich Keller Guenther Frank Berger Winkler Roth ' +
  'Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Boehm Winter Kraus Dubois Lefebvre Moreau Laurent Girard Bonnet Dupont ' +
  'Lambert Fontaine Rousseau Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti DeLuca Costa ' +
  "Fernandez Ruiz Diaz Moreno Munoz Alvarez Romero Navarro Torres Dominguez Vazquez Ramos Gil Serrano Blanco O'Neil McDonald VanDerBerg"
).split(' ');
const STEMS = (
  'Acme Globex Initech Umbrella Stark Wayne Wonka Hooli Vandelay Soylent Cyberdyne Tyrell Massive Dynamic Aperture Black Mesa Gringotts ' +
  'Oscorp Nakatomi Monarch Virtucon Prestige Sterling Cooper Duff Krusty Gekko Bluth Dunder Mifflin Pied Piper Nordwind Alpenblick ' +
  'Rheinmetallbau Elbtal Hansa Spree Isar Main Weser Donau Bodensee Schwarzwald Lausitz Harz Allgaeu Eifel Mosel Ostsee Nordsee Alster ' +
  'Lumiere Soleil Provence Bretagne Loire Garonne Azur Vesuvio Toscana Lombardia Adriatica Iberia Castilla Andalucia Sierra Atlas Orion ' +
  'Vega Lyra Polaris Zenith Apex Summit Pinnacle Horizon Meridian Quantum Vertex Nimbus Stratus Cirrus Aurora Borealis Nova Stellar ' +
  'Granite Basalt Cobalt Titan Falcon Eagle Condor Osprey Heron Kestrel Lynx Otter Badger Beaver Bison Moose Walrus Pelican Puffin'
).split(' ');
const SECTORS = ['Logistics', 'Systems', 'Solutions', 'Foods', 'Energy', 'Consulting', 'Media', 'Motors', 'Labs', 'Industries', 'Partners', 'Software', 'Retail', 'Finance'];
const SUFFIXES = ['GmbH', 'AG', 'Inc.', 'LLC', 'Ltd', 'S.A.', 'S.r.l.', 'B.V.', 'Oy', 'AB', 'plc', 'Corp.', 'GmbH & Co. KG', ''];
const COUNTRIES = ['DE', 'DE', 'DE', 'US', 'US', 'GB', 'FR'] as const;

type Country = (typeof COUNTRIES)[number];

/** Digits of a valid number in each plan; written as the person would (national or international). */
function phoneDigits(country: Country, next: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  switch (country) {
    case 'DE':
      return `30${1 + Math.floor(next() * 9)}${digits(7)}`;
    case 'US':
      return `${['212', '415', '312', '617', '206'][Math.floor(next() * 5)]}${2 + Math.floor(next() * 8)}${digits(6)}`;
    case 'GB':
      return `207${digits(7)}`;
    case 'FR':
      return `1${digits(8)}`;
  }
}

const CALLING_CODE: Record<Country, string> = { DE: '49', US: '1', GB: '44', FR: '33' };

function formatPhone(country: Country, digits: string, style: number): string {
  if (style === 0) return `+${CALLING_CODE[country]} ${digits}`;
  if (style === 1) return `00${CALLING_CODE[country]}-${digits.slice(0, 3)}-${digits.slice(3)}`;
  if (country === 'US') return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
  return `0${digits.slice(0, 2)} ${digits.slice(2, 6)} ${digits.slice(6)}`;
}

interface Person {
  first: string;
  last: string;
  company: { stem: string; suffix: string; domain: string; country: Country; switchboard: string | null };
  email: string | null;
  phone: string | null;
}

function typo(word: string, next: () => number): string {
  if (word.length < 4) return word;
  const at = 1 + Math.floor(next() * (word.length - 2));
  const kind = Math.floor(next() * 4);
  if (kind === 0) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2); // transposition
  if (kind === 1) return word.slice(0, at) + word.slice(at + 1); // deletion
  if (kind === 2) return word.slice(0, at) + word[at] + word.slice(at); // doubling
  return word.slice(0, at) + 'aeiou'[Math.floor(next() * 5)] + word.slice(at + 1); // substitution
}

/**
 * `people` distinct people at companies of about five, a fifth of the companies answering on
 * one switchboard number (colleagues share a phone), namesakes arising naturally from the
 * name pools; then `duplicateRate` of them submitted again with realistic damage.
 */
export function dedupeDataset(people: number, duplicateRate: number, seed: number): LabelledRecord[] {
  const next = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const companies = Array.from({ length: Math.max(1, Math.round(people / 5)) }, (_, i) => {
    const stem = `${pick(STEMS)} ${pick(SECTORS)}`;
    const country = pick(COUNTRIES);
    return {
      stem,
      suffix: pick(SUFFIXES),
      domain: `${stem.toLowerCase().replace(/[^a-z]/g, '')}${i}.example`,
      country,
      switchboard: next() < 0.2 ? phoneDigits(country, next) : null,
    };
  });
  const persons: Person[] = Array.from({ length: people }, () => {
    const first = pick(FIRST);
    const last = pick(LAST);
    const company = pick(companies);
    const local = next() < 0.7 ? `${first}.${last}` : `${first[0]}${last}`;
    return {
      first,
      last,
      company,
      email: next() < 0.85 ? `${local.toLowerCase().replace(/[^a-z.]/g, '')}${Math.floor(next() * 100)}@${company.domain}` : null,
      phone: company.switchboard ?? (next() < 0.6 ? phoneDigits(company.country, next) : null),
    };
  });

  const records: LabelledRecord[] = [];
  const emit = (person: number, contact: LabelledRecord['contact']) => records.push({ id: `r${records.length}`, person, contact });
  persons.forEach((p, index) => {
    const { company } = p;
    emit(index, {
      firstName: p.first,
      lastName: p.last,
      company: `${company.stem} ${company.suffix}`.trim(),
      email: p.email,
      phone: p.phone ? formatPhone(company.country, p.phone, 0) : null,
      country: company.country,
    });
    if (next() >= duplicateRate) return;
    let first = p.first;
    let last = p.last;
    const roll = next();
    if (roll < 0.3) [first, last] = next() < 0.5 ? [typo(first, next), last] : [first, typo(last, next)];
    else if (roll < 0.45) [first, last] = [last, first];
    else if (roll < 0.6) [first, last] = [first.toUpperCase(), last.toUpperCase()];
    else if (roll < 0.65) first = `${first[0]}.`;
    const emailRoll = next();
    const email = !p.email ? null : emailRoll < 0.45 ? (next() < 0.5 ? p.email.toUpperCase() : ` ${p.email}`) : emailRoll < 0.7 ? null : `${p.first.toLowerCase()}${Math.floor(next() * 1000)}@gmail.example`;
    const phone = p.phone && next() < 0.6 ? formatPhone(company.country, p.phone, Math.floor(next() * 3)) : null;
    const companyRoll = next();
    const companyName =
      companyRoll < 0.4 ? `${company.stem} ${pick(SUFFIXES)}`.trim() : companyRoll < 0.5 ? typo(company.stem, next) : companyRoll < 0.6 ? null : `${company.stem} ${company.suffix}`.trim();
    emit(index, { firstName: first, lastName: last, company: companyName, email, phone, country: next() < 0.8 ? company.country : null });
  });

  // Arrival order is random: a duplicate may come before the record it duplicates.
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [records[i], records[j]] = [records[j]!, records[i]!];
  }
  return records;
}
