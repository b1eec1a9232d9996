import type { ReactNode } from 'react';
import { isOwnedWork, type Lead, type WithholdableField } from '../../core/lead/lead.ts';
import { formatAmount, formatBytes, formatDate, formatDateTime, humanizeKey } from './format.ts';
import { useNameOf } from './people.ts';

/** Every field of the lead, grouped the way a rep reads a lead: who, what, where from. */
export function DetailFields({ lead }: { lead: Lead }) {
  const nameOf = useNameOf();
  const withheld = (field: WithholdableField, value: ReactNode): ReactNode =>
    lead.withheld.includes(field) ? <Withheld lead={lead} /> : value;
  const { contact, interest } = lead;
  const place = [contact.postalCode, contact.city].filter(Boolean).join(' ');
  return (
    <>
      <Section title="Contact">
        <dl className="fields">
          <Field label="First name">{contact.firstName}</Field>
          <Field label="Last name">{withheld('lastName', contact.lastName)}</Field>
          <Field label="Title">{contact.title}</Field>
          <Field label="Company">{contact.company}</Field>
          <Field label="Email">{withheld('email', contact.email && <a href={`mailto:${contact.email}`}>{contact.email}</a>)}</Field>
          <Field label="Phone">{withheld('phone', contact.phone && <a href={`tel:${contact.phone}`}>{contact.phone}</a>)}</Field>
          <Field label="Street">{withheld('street', contact.street)}</Field>
          <Field label="City">{place}</Field>
          <Field label="Region">{contact.region}</Field>
          <Field label="Country">{contact.country}</Field>
        </dl>
      </Section>
      <Section title="Interest">
        <dl className="fields">
          <Field label="Product">{interest.product}</Field>
          <Field label="Size">{interest.size === null ? null : formatAmount(interest.size)}</Field>
          <Field label="Timeframe">{interest.timeframe}</Field>
          <Field label="Budget">{interest.budget === null ? null : formatAmount(interest.budget)}</Field>
        </dl>
      </Section>
      <Section title="Source and routing">
        <dl className="fields">
          <Field label="Source">{lead.source}</Field>
          <Field label="Campaign">{lead.campaign}</Field>
          <Field label="Lead box">{lead.boxId}</Field>
          <Field label="Owner">{nameOf(lead.ownerId)}</Field>
          <Field label="Score">{`${Math.round(lead.score)} / 100 (${lead.priority})`}</Field>
          <Field label="Received">{formatDateTime(lead.createdAt)}</Field>
          <Field label="Last change">{formatDateTime(lead.updatedAt)}</Field>
          {lead.incubateUntil !== null && <Field label="Incubating until">{formatDate(lead.incubateUntil)}</Field>}
          {lead.wonAmount !== null && <Field label="Won amount">{formatAmount(lead.wonAmount)}</Field>}
          {lead.closeReason && <Field label="Close reason">{lead.closeReason}</Field>}
        </dl>
      </Section>
      <Section title="Custom fields">
        {Object.keys(lead.custom).length === 0 ? (
          <p className="muted section__empty">No custom fields.</p>
        ) : (
          <dl className="fields">
            {Object.entries(lead.custom).map(([key, value]) => (
              <Field key={key} label={humanizeKey(key)}>
                {value === null ? null : typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value)}
              </Field>
            ))}
          </dl>
        )}
      </Section>
      <Section title="Attachments">
        {lead.attachments.length === 0 ? (
          <p className="muted section__empty">No attachments.</p>
        ) : (
          <ul className="attachments">
            {lead.attachments.map((file) => (
              <li key={file.ref} className="attachment">
                <span className="attachment__name">{file.name}</span>
                <span className="muted">
                  {file.mimeType} · {formatBytes(file.size)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="section" aria-label={title}>
      <h3 className="section__title">{title}</h3>
      {children}
    </section>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '';
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{empty ? <span className="muted">—</span> : children}</dd>
    </div>
  );
}

/** A withheld value is not known here yet: say when it will be. */
function Withheld({ lead }: { lead: Lead }) {
  const accepted = isOwnedWork(lead.status) || lead.status === 'won' || lead.status === 'lost';
  return (
    <span className="withheld" title="The lead server releases this field once the lead is accepted.">
      {accepted ? 'Arrives with the next sync' : 'Withheld until you accept'}
    </span>
  );
}
