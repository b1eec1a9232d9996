/**
 * ISO 3166-2 subdivision codes for the countries where leads most often name a region:
 * code → names people type (accents folded, lower case). Other countries keep the text.
 */
const REGIONS: Record<string, Record<string, string>> = {
  US: {
    AL: 'alabama|ala', AK: 'alaska', AZ: 'arizona|ariz', AR: 'arkansas|ark', CA: 'california|calif|cal', CO: 'colorado|colo',
    CT: 'connecticut|conn', DE: 'delaware|del', DC: 'district of columbia|washington dc', FL: 'florida|fla', GA: 'georgia',
    HI: 'hawaii', ID: 'idaho', IL: 'illinois|ill', IN: 'indiana|ind', IA: 'iowa', KS: 'kansas|kan', KY: 'kentucky|ky',
    LA: 'louisiana', ME: 'maine', MD: 'maryland', MA: 'massachusetts|mass', MI: 'michigan|mich', MN: 'minnesota|minn',
    MS: 'mississippi|miss', MO: 'missouri', MT: 'montana|mont', NE: 'nebraska|neb', NV: 'nevada|nev', NH: 'new hampshire',
    NJ: 'new jersey', NM: 'new mexico', NY: 'new york|ny state', NC: 'north carolina', ND: 'north dakota', OH: 'ohio',
    OK: 'oklahoma|okla', OR: 'oregon|ore', PA: 'pennsylvania|penn', RI: 'rhode island', SC: 'south carolina',
    SD: 'south dakota', TN: 'tennessee|tenn', TX: 'texas|tex', UT: 'utah', VT: 'vermont', VA: 'virginia', WA: 'washington|wash',
    WV: 'west virginia', WI: 'wisconsin|wis', WY: 'wyoming|wyo',
  },
  CA: {
    AB: 'alberta', BC: 'british columbia|colombie britannique', MB: 'manitoba', NB: 'new brunswick|nouveau brunswick',
    NL: 'newfoundland and labrador|newfoundland', NS: 'nova scotia|nouvelle ecosse', NT: 'northwest territories',
    NU: 'nunavut', ON: 'ontario', PE: 'prince edward island|pei', QC: 'quebec|que', SK: 'saskatchewan', YT: 'yukon',
  },
  DE: {
    BW: 'baden wurttemberg|baden wuerttemberg', BY: 'bayern|bavaria', BE: 'berlin', BB: 'brandenburg', HB: 'bremen',
    HH: 'hamburg', HE: 'hessen|hesse', MV: 'mecklenburg vorpommern|mecklenburg western pomerania', NI: 'niedersachsen|lower saxony',
    NW: 'nordrhein westfalen|north rhine westphalia|nrw', RP: 'rheinland pfalz|rhineland palatinate', SL: 'saarland',
    SN: 'sachsen|saxony', ST: 'sachsen anhalt|saxony anhalt', SH: 'schleswig holstein', TH: 'thuringen|thueringen|thuringia',
  },
};

const REGION_BY_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(REGIONS).flatMap(([country, regions]) =>
    Object.entries(regions).flatMap(([code, names]) => names.split('|').map((name) => [`${country}:${name}`, `${country}-${code}`] as const)),
  ),
);

/** "California", "Calif.", "CA" or "US-CA" with country US → "US-CA"; null when this table does not know it. */
export function lookupRegion(words: string[], country: string): string | null {
  const regions = REGIONS[country];
  if (!regions || words.length === 0) return null;
  const joined = words.join(' ');
  const code = (words.length === 2 && words[0] === country.toLowerCase() ? words[1]! : joined).toUpperCase();
  if (code in regions) return `${country}-${code}`;
  return REGION_BY_NAME.get(`${country}:${joined}`) ?? null;
}
