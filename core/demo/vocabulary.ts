/** Word lists for the demo workspace. Names come in cultures so a lead's name, city and phone agree. */
export interface Culture {
  country: string;
  dial: string;
  firstNames: readonly string[];
  lastNames: readonly string[];
  /** `area` is written after the dialling code, then seven digits: area and digits together make a number valid in the country's plan. */
  cities: readonly { city: string; region: string; postal: string; area: string }[];
  /** The first three of the seven digits, where the plan leaves some ranges unallocated (default 200–999). */
  exchanges?: readonly [number, number];
  streets: readonly string[];
  companySuffix: readonly string[];
  tld: string;
}

export const CULTURES: readonly Culture[] = [
  {
    country: 'US', dial: '+1', tld: 'com',
    firstNames: ['James', 'Emily', 'Michael', 'Olivia', 'David', 'Ashley', 'Robert', 'Jessica', 'Daniel', 'Megan', 'Tyler', 'Brianna'],
    lastNames: ['Johnson', 'Williams', 'Brown', 'Miller', 'Davis', 'Anderson', 'Thompson', 'Garcia', 'Robinson', 'Walker', 'Young', 'Carter'],
    cities: [
      { city: 'Austin', region: 'TX', postal: '787', area: '512' },
      { city: 'Denver', region: 'CO', postal: '802', area: '303' },
      { city: 'Columbus', region: 'OH', postal: '432', area: '614' },
      { city: 'Seattle', region: 'WA', postal: '981', area: '206' },
      { city: 'Atlanta', region: 'GA', postal: '303', area: '404' },
    ],
    streets: ['Main Street', 'Oak Avenue', 'Commerce Drive', 'Lakeview Road', 'Industrial Parkway'],
    companySuffix: ['Inc.', 'LLC', 'Corp.'],
  },
  {
    country: 'GB', dial: '+44', tld: 'co.uk', exchanges: [200, 499],
    firstNames: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Poppy', 'Jack', 'Freya', 'Charlie', 'Imogen'],
    lastNames: ['Smith', 'Jones', 'Taylor', 'Evans', 'Wright', 'Hughes', 'Clarke', 'Patel', 'Hall', 'Wood'],
    cities: [
      { city: 'Manchester', region: 'Greater Manchester', postal: 'M1', area: '161' },
      { city: 'Leeds', region: 'West Yorkshire', postal: 'LS1', area: '113' },
      { city: 'Bristol', region: 'Bristol', postal: 'BS1', area: '117' },
      { city: 'Edinburgh', region: 'Scotland', postal: 'EH1', area: '131' },
    ],
    streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Mill Lane'],
    companySuffix: ['Ltd', 'plc', 'Ltd'],
  },
  {
    country: 'DE', dial: '+49', tld: 'de',
    firstNames: ['Lukas', 'Anna', 'Jonas', 'Lea', 'Felix', 'Jürgen', 'Katrin', 'Matthias', 'Sabine', 'Tobias', 'Jörg', 'Ute'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schäfer', 'Krüger', 'Groß'],
    cities: [
      { city: 'München', region: 'Bayern', postal: '80', area: '89' },
      { city: 'Hamburg', region: 'Hamburg', postal: '20', area: '40' },
      { city: 'Köln', region: 'Nordrhein-Westfalen', postal: '50', area: '221' },
      { city: 'Stuttgart', region: 'Baden-Württemberg', postal: '70', area: '711' },
      { city: 'Leipzig', region: 'Sachsen', postal: '04', area: '341' },
    ],
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Industriestraße', 'Gartenweg', 'Lindenallee'],
    companySuffix: ['GmbH', 'AG', 'GmbH & Co. KG'],
  },
  {
    country: 'FR', dial: '+33', tld: 'fr',
    firstNames: ['Camille', 'Louis', 'Chloé', 'Hugo', 'Léa', 'Mathis', 'Manon', 'Théo', 'Élodie', 'Antoine'],
    lastNames: ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Girard', 'Roux', 'Fournier', 'Lambert'],
    cities: [
      { city: 'Lyon', region: 'Auvergne-Rhône-Alpes', postal: '690', area: '47' },
      { city: 'Toulouse', region: 'Occitanie', postal: '310', area: '56' },
      { city: 'Nantes', region: 'Pays de la Loire', postal: '440', area: '24' },
      { city: 'Lille', region: 'Hauts-de-France', postal: '590', area: '32' },
    ],
    streets: ['Rue de la République', 'Avenue Jean Jaurès', 'Rue du Commerce', 'Boulevard Victor Hugo'],
    companySuffix: ['SAS', 'SA', 'SARL'],
  },
  {
    country: 'ES', dial: '+34', tld: 'es',
    firstNames: ['Lucía', 'Javier', 'Carmen', 'Alejandro', 'Marta', 'Pablo', 'Sofía', 'Diego', 'Elena', 'Álvaro'],
    lastNames: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz', 'Díaz', 'Navarro'],
    cities: [
      { city: 'Madrid', region: 'Comunidad de Madrid', postal: '280', area: '91' },
      { city: 'Barcelona', region: 'Cataluña', postal: '080', area: '93' },
      { city: 'Valencia', region: 'Comunidad Valenciana', postal: '460', area: '96' },
      { city: 'Sevilla', region: 'Andalucía', postal: '410', area: '95' },
    ],
    streets: ['Calle Mayor', 'Avenida de la Constitución', 'Calle del Sol', 'Paseo de Gracia'],
    companySuffix: ['S.L.', 'S.A.'],
  },
  {
    country: 'PL', dial: '+48', tld: 'pl',
    firstNames: ['Zofia', 'Jakub', 'Małgorzata', 'Piotr', 'Agnieszka', 'Tomasz', 'Katarzyna', 'Łukasz'],
    lastNames: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański'],
    cities: [
      { city: 'Warszawa', region: 'Mazowieckie', postal: '00', area: '22' },
      { city: 'Kraków', region: 'Małopolskie', postal: '30', area: '12' },
      { city: 'Wrocław', region: 'Dolnośląskie', postal: '50', area: '71' },
    ],
    streets: ['ul. Marszałkowska', 'ul. Długa', 'ul. Polna', 'ul. Przemysłowa'],
    companySuffix: ['Sp. z o.o.', 'S.A.'],
  },
  {
    country: 'IN', dial: '+91', tld: 'in',
    firstNames: ['Priya', 'Rahul', 'Ananya', 'Arjun', 'Kavya', 'Vikram', 'Sneha', 'Rohan', 'Divya', 'Aditya'],
    lastNames: ['Sharma', 'Patel', 'Iyer', 'Reddy', 'Gupta', 'Nair', 'Mehta', 'Rao', 'Kapoor', 'Banerjee'],
    cities: [
      { city: 'Bengaluru', region: 'Karnataka', postal: '560', area: '804' },
      { city: 'Pune', region: 'Maharashtra', postal: '411', area: '202' },
      { city: 'Hyderabad', region: 'Telangana', postal: '500', area: '402' },
    ],
    streets: ['MG Road', 'Residency Road', 'Park Street', 'Linking Road'],
    companySuffix: ['Pvt Ltd', 'Ltd'],
  },
  {
    country: 'JP', dial: '+81', tld: 'jp',
    firstNames: ['Haruto', 'Yui', 'Sota', 'Aoi', 'Ren', 'Hina', 'Kenji', 'Sakura'],
    lastNames: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura'],
    cities: [
      { city: 'Osaka', region: 'Osaka', postal: '530', area: '66' },
      { city: 'Yokohama', region: 'Kanagawa', postal: '220', area: '45' },
      { city: 'Nagoya', region: 'Aichi', postal: '450', area: '52' },
    ],
    streets: ['Chuo-dori', 'Meiji-dori', 'Sakura-dori'],
    companySuffix: ['K.K.', 'Co., Ltd.'],
  },
  {
    country: 'BR', dial: '+55', tld: 'com.br',
    firstNames: ['João', 'Mariana', 'Gabriel', 'Beatriz', 'Rafael', 'Larissa', 'Thiago', 'Fernanda'],
    lastNames: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Carvalho'],
    cities: [
      { city: 'São Paulo', region: 'SP', postal: '01', area: '113' },
      { city: 'Curitiba', region: 'PR', postal: '80', area: '413' },
      { city: 'Porto Alegre', region: 'RS', postal: '90', area: '513' },
    ],
    streets: ['Avenida Paulista', 'Rua das Flores', 'Rua XV de Novembro'],
    companySuffix: ['Ltda.', 'S.A.'],
  },
  {
    country: 'AE', dial: '+971', tld: 'ae',
    firstNames: ['Omar', 'Fatima', 'Ahmed', 'Layla', 'Yusuf', 'Mariam', 'Khalid', 'Noor'],
    lastNames: ['Al Mansouri', 'Haddad', 'Khalil', 'Nasser', 'Rahman', 'Saleh', 'Farouk', 'Aziz'],
    cities: [
      { city: 'Dubai', region: 'Dubai', postal: '', area: '4' },
      { city: 'Abu Dhabi', region: 'Abu Dhabi', postal: '', area: '2' },
    ],
    streets: ['Sheikh Zayed Road', 'Al Wasl Road', 'Corniche Road'],
    companySuffix: ['LLC', 'FZE'],
  },
  {
    country: 'SE', dial: '+46', tld: 'se',
    firstNames: ['Elsa', 'Erik', 'Maja', 'Lars', 'Ingrid', 'Oskar', 'Astrid', 'Nils'],
    lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Lindqvist', 'Berg', 'Holm'],
    cities: [
      { city: 'Göteborg', region: 'Västra Götaland', postal: '411', area: '31' },
      { city: 'Malmö', region: 'Skåne', postal: '211', area: '40' },
    ],
    streets: ['Storgatan', 'Drottninggatan', 'Kungsgatan'],
    companySuffix: ['AB'],
  },
  {
    country: 'NG', dial: '+234', tld: 'ng',
    firstNames: ['Chinedu', 'Ngozi', 'Emeka', 'Aisha', 'Tunde', 'Folake', 'Ifeanyi', 'Zainab'],
    lastNames: ['Okafor', 'Adeyemi', 'Eze', 'Bello', 'Okonkwo', 'Balogun', 'Nwosu', 'Ibrahim'],
    cities: [
      { city: 'Lagos', region: 'Lagos', postal: '100', area: '201' },
      { city: 'Abuja', region: 'FCT', postal: '900', area: '209' },
    ],
    streets: ['Awolowo Road', 'Adeola Odeku Street', 'Broad Street'],
    companySuffix: ['Ltd', 'Plc'],
  },
];

export const INDUSTRIES = [
  { industry: 'Logistics', words: ['Freight', 'Logistics', 'Transport', 'Cargo'] },
  { industry: 'Manufacturing', words: ['Precision', 'Machining', 'Fabrication', 'Industries'] },
  { industry: 'Healthcare', words: ['Medical', 'Health', 'Clinics', 'Diagnostics'] },
  { industry: 'Software', words: ['Software', 'Systems', 'Digital', 'Labs'] },
  { industry: 'Retail', words: ['Retail', 'Stores', 'Outfitters', 'Markets'] },
  { industry: 'Construction', words: ['Builders', 'Construction', 'Engineering', 'Structures'] },
  { industry: 'Energy', words: ['Energy', 'Solar', 'Power', 'Renewables'] },
  { industry: 'Finance', words: ['Capital', 'Finance', 'Advisors', 'Partners'] },
  { industry: 'Hospitality', words: ['Hotels', 'Hospitality', 'Catering', 'Resorts'] },
  { industry: 'Education', words: ['Learning', 'Academy', 'Education', 'Institute'] },
  { industry: 'Agriculture', words: ['Farms', 'Agri', 'Harvest', 'Growers'] },
  { industry: 'Telecom', words: ['Networks', 'Telecom', 'Connect', 'Communications'] },
] as const;

export const COMPANY_STEMS = [
  'Northwind', 'Bluepeak', 'Ironbridge', 'Silverline', 'Greenfield', 'Redwood', 'Summit', 'Harbor', 'Keystone', 'Brightwater',
  'Falcon', 'Meridian', 'Atlas', 'Cobalt', 'Evergreen', 'Granite', 'Horizon', 'Juniper', 'Lighthouse', 'Maple', 'Nimbus',
  'Orion', 'Pioneer', 'Quarry', 'Riverside', 'Sterling', 'Tidewater', 'Unity', 'Vantage', 'Westbrook', 'Zenith', 'Alder',
  'Birchwood', 'Crescent', 'Driftwood', 'Eastgate', 'Foxglove', 'Goldcrest', 'Highland', 'Ivory', 'Kingfisher', 'Larkspur',
  'Monarch', 'Oakridge', 'Pinnacle', 'Rosewood', 'Stonegate', 'Trident', 'Vertex', 'Willow', 'Aurora', 'Beacon', 'Cedar',
  'Delta', 'Ember', 'Fjord', 'Glacier', 'Helix', 'Apex', 'Kestrel', 'Lumen', 'Nova', 'Polaris', 'Quantum', 'Sierra',
];

export const TITLES = [
  'CEO', 'COO', 'CFO', 'Head of Operations', 'Operations Manager', 'IT Director', 'Purchasing Manager', 'Procurement Lead',
  'Facilities Manager', 'Office Manager', 'Managing Director', 'VP Sales', 'Plant Manager', 'Fleet Manager', 'Owner', 'CTO',
];

export const PRODUCTS = [
  { product: 'Cloud Phone System', unitPrice: 25, sizes: [5, 500] },
  { product: 'Fleet Telematics', unitPrice: 180, sizes: [3, 300] },
  { product: 'Solar Rooftop Kit', unitPrice: 9000, sizes: [1, 40] },
  { product: 'Managed Wi-Fi', unitPrice: 400, sizes: [2, 120] },
  { product: 'Access Control', unitPrice: 650, sizes: [4, 200] },
  { product: 'Industrial Printers', unitPrice: 3200, sizes: [1, 30] },
  { product: 'Point-of-Sale Terminals', unitPrice: 900, sizes: [2, 150] },
  { product: 'Warehouse Scanners', unitPrice: 1100, sizes: [5, 250] },
] as const;

export const TIMEFRAMES = ['immediately', 'within 30 days', 'this quarter', '3-6 months', 'next year', 'just researching'];

export const SOURCES = ['web form', 'partner feed', 'trade show', 'email', 'list import', 'referral'] as const;

export const CAMPAIGNS = [
  'Spring Webinar 2026', 'Hannover Messe 2026', 'Q2 Partner Push', 'Summer Upgrade Offer', 'LinkedIn Retargeting',
  'Customer Referral Program', 'Energy Savings Guide', 'Logistics Expo Chicago', 'Autumn Newsletter', 'Year-End Budget Drive',
];

export const NOTE_TEMPLATES = [
  'Called {first}: interested in {product} for about {size} units, wants a quote by end of month.',
  'Left a voicemail for {first}, will try again on Thursday.',
  'Sent the pricing sheet and two reference cases from the {industry} sector.',
  '{first} asked about financing options and a pilot at one site first.',
  'Demo went well; their IT lead raised questions about integration with the existing setup.',
  'Budget approval expected next week; decision maker is the {title}.',
  'Competitor quote on the table, roughly 10% cheaper. Emphasise service and support.',
  'Met {first} at the booth, follow up with the brochure and a site visit date.',
  'Wrong contact person; {first} forwarded us to procurement.',
  'Asked for a callback after the holidays.',
];

export const LOST_REASONS = ['chose a competitor', 'no budget this year', 'project cancelled', 'no response after several attempts', 'price too high'];
export const REJECT_REASONS = ['outside my territory', 'duplicate of an existing customer', 'not a fit for our products', 'already talking to a reseller'];
export const ROUTING_RULES = ['Region by country', 'Key accounts to senior reps', 'Round robin: inside sales', 'Product line: telematics', 'Large deals to field sales'];

export const COLLEAGUE_NAMES = [
  'Sarah Kim', 'Marco Rossi', 'Hannah Becker', 'Tomás Silva', 'Aiko Tanaka', 'Liam O’Connor', 'Nadia Haddad', 'Peter Novak',
  'Grace Mensah', 'Ravi Menon',
];
