import type { Lead } from '../lead/lead.ts';
import { attrs, element } from '../rules/xml.ts';

/**
 * ADF 1.0 for leads leaving LeadRelay (export to dealer systems and CRMs that only read
 * ADF). One `<prospect>` per lead; the vehicle block only when the interest names a product.
 */
const text = (name: string, value: string | number | null, indent: string, attributes = '') =>
  value === null || value === '' ? [] : [element(name, attributes, String(value), indent)];

function contactBlock(lead: Lead, indent: string): string {
  const c = lead.contact;
  const inner = `${indent}  `;
  const address = [
    ...text('street', c.street, `${inner}  `, attrs({ line: 1 })),
    ...text('city', c.city, `${inner}  `),
    // ADF's regioncode is the subdivision part of an ISO 3166-2 code ("CA", not "US-CA").
    ...text('regioncode', c.region?.replace(/^[A-Z]{2}-/, '') ?? null, `${inner}  `),
    ...text('postalcode', c.postalCode, `${inner}  `),
    ...text('country', c.country, `${inner}  `),
  ];
  return element(
    'contact',
    attrs({ primarycontact: 1 }),
    [
      ...text('name', c.firstName, inner, attrs({ part: 'first' })),
      ...text('name', c.lastName, inner, attrs({ part: 'last' })),
      ...text('email', c.email, inner),
      ...text('phone', c.phone, inner, attrs({ type: 'voice' })),
      ...(address.length > 0 ? [element('address', '', address, inner)] : []),
    ],
    indent,
  );
}

function prospect(lead: Lead): string {
  const i2 = '    ';
  const product = lead.interest.product;
  const vehicle = product ? [element('vehicle', attrs({ interest: 'buy', status: 'new' }), [...text('model', product, `${i2}  `), ...text('price', lead.interest.budget, `${i2}  `, attrs({ type: 'quote' }))], i2)] : [];
  const comments = typeof lead.custom['adf.comments'] === 'string' ? lead.custom['adf.comments'] : null;
  const customer = [contactBlock(lead, `${i2}  `), ...(lead.interest.timeframe ? [element('timeframe', '', text('description', lead.interest.timeframe, `${i2}    `), `${i2}  `)] : []), ...text('comments', comments, `${i2}  `)];
  return element(
    'prospect',
    attrs({ status: 'new' }),
    [
      ...text('id', lead.id, i2, attrs({ sequence: 1, source: 'LeadRelay' })),
      element('requestdate', '', new Date(lead.createdAt).toISOString(), i2),
      ...vehicle,
      element('customer', '', customer, i2),
      element('vendor', '', [element('vendorname', '', lead.contact.company ?? 'LeadRelay', `${i2}  `)], i2),
      element('provider', '', [element('name', attrs({ part: 'full' }), lead.source ?? 'LeadRelay', `${i2}  `)], i2),
    ],
    '  ',
  );
}

export function writeAdf(leads: readonly Lead[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<?adf version="1.0"?>\n${element('adf', '', leads.map(prospect), '')}\n`;
}
