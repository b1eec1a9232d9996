/**
 * ISO 3166-1 alpha-2 codes, and the names people actually type for the common ones
 * (English, German, French, Spanish, Italian, Dutch, alpha-3 and colloquial aliases).
 * Kept as data so the result is the same in Node, Chromium and every ICU build.
 */
export const ISO_ALPHA2 = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
    'UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** Aliases are matched after folding accents, lower-casing and dropping dots: "U.S.A." is "usa". */
const ALIASES: Record<string, string> = {
  US: 'usa|us|united states|united states of america|america|vereinigte staaten|etats unis|estados unidos|stati uniti|verenigde staten',
  GB: 'gbr|uk|united kingdom|great britain|britain|england|scotland|wales|northern ireland|grossbritannien|vereinigtes konigreich|royaume uni|reino unido|regno unito|verenigd koninkrijk',
  DE: 'deu|ger|germany|deutschland|brd|bundesrepublik deutschland|federal republic of germany|allemagne|alemania|germania|duitsland',
  AT: 'aut|austria|osterreich|oesterreich|autriche|oostenrijk',
  CH: 'che|switzerland|schweiz|suisse|svizzera|suiza|zwitserland|confoederatio helvetica',
  FR: 'fra|france|frankreich|francia|frankrijk',
  IT: 'ita|italy|italien|italie|italia',
  ES: 'esp|spain|spanien|espagne|espana|spagna|spanje',
  PT: 'prt|portugal|portogallo',
  NL: 'nld|netherlands|the netherlands|holland|niederlande|pays bas|paises bajos|paesi bassi|nederland',
  BE: 'bel|belgium|belgien|belgique|belgica|belgio|belgie',
  LU: 'lux|luxembourg|luxemburg|lussemburgo|luxemburgo',
  DK: 'dnk|denmark|danemark|danmark|dinamarca|danimarca|denemarken',
  SE: 'swe|sweden|schweden|suede|suecia|svezia|sverige|zweden',
  NO: 'nor|norway|norwegen|norvege|noruega|norvegia|norge|noorwegen',
  FI: 'fin|finland|finnland|finlande|finlandia|suomi',
  IS: 'isl|iceland|island|islande',
  IE: 'irl|ireland|irland|irlande|irlanda|eire|ierland',
  PL: 'pol|poland|polen|pologne|polonia|polska',
  CZ: 'cze|czech republic|czechia|tschechien|tschechische republik|republique tcheque|chequia|cesko|tsjechie',
  SK: 'svk|slovakia|slowakei|slovaquie|eslovaquia|slovensko',
  HU: 'hun|hungary|ungarn|hongrie|hungria|ungheria|magyarorszag|hongarije',
  RO: 'rou|romania|rumanien|roumanie|rumania',
  BG: 'bgr|bulgaria|bulgarien|bulgarie',
  GR: 'grc|greece|griechenland|grece|grecia|griekenland|hellas',
  HR: 'hrv|croatia|kroatien|croatie|croacia|hrvatska',
  SI: 'svn|slovenia|slowenien|slovenie|eslovenia|slovenija',
  RS: 'srb|serbia|serbien|serbie',
  EE: 'est|estonia|estland|estonie',
  LV: 'lva|latvia|lettland|lettonie|letonia',
  LT: 'ltu|lithuania|litauen|lituanie|lituania',
  UA: 'ukr|ukraine|ucrania|ucraina',
  RU: 'rus|russia|russland|russie|rusia|russian federation',
  TR: 'tur|turkey|turkiye|turkei|turquie|turquia|turchia',
  IL: 'isr|israel',
  AE: 'are|uae|united arab emirates|vereinigte arabische emirate|emirats arabes unis',
  SA: 'sau|saudi arabia|saudi arabien|arabie saoudite',
  ZA: 'zaf|south africa|sudafrika|afrique du sud|sudafrica',
  EG: 'egy|egypt|agypten|egypte|egipto',
  NG: 'nga|nigeria',
  KE: 'ken|kenya|kenia',
  MA: 'mar|morocco|marokko|maroc|marruecos',
  CA: 'can|canada|kanada',
  MX: 'mex|mexico|mexiko|mexique',
  BR: 'bra|brazil|brasilien|bresil|brasil|brasile',
  AR: 'arg|argentina|argentinien|argentine',
  CL: 'chl|chile|chili',
  CO: 'col|colombia|kolumbien|colombie',
  PE: 'per|peru|perou',
  AU: 'aus|australia|australien|australie',
  NZ: 'nzl|new zealand|neuseeland|nouvelle zelande|nueva zelanda',
  JP: 'jpn|japan|japon|giappone',
  CN: 'chn|china|chine|cina|volksrepublik china|peoples republic of china|prc',
  HK: 'hkg|hong kong|hongkong',
  TW: 'twn|taiwan',
  KR: 'kor|south korea|korea|republic of korea|sudkorea|coree du sud|corea del sur',
  IN: 'ind|india|indien|inde',
  SG: 'sgp|singapore|singapur|singapour',
  MY: 'mys|malaysia|malaisie',
  TH: 'tha|thailand|thailande|tailandia',
  ID: 'idn|indonesia|indonesien|indonesie',
  PH: 'phl|philippines|philippinen|filipinas',
  VN: 'vnm|vietnam|viet nam',
};

export const COUNTRY_BY_ALIAS: ReadonlyMap<string, string> = new Map(
  Object.entries(ALIASES).flatMap(([code, names]) => names.split('|').map((name) => [name, code] as const)),
);
