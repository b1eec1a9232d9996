import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { OfferEvent } from '../../../server/routing/router.ts';
import { rule, seed, startHarness, type Harness } from './routing-fixture.ts';

// Rules' collateral and notices, carried out by the server when it routes a lead.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PEOPLE = [
  { id: 'anna', name: 'Anna Berg', email: 'anna@example.com', role: 'rep' },
  { id: 'mia', name: 'Mia Chen', email: 'mia@example.com', role: 'manager' },
];
const ROOT = { id: 'root', parentId: null, name: 'System' };

async function smtp(): Promise<{ url: string; received: Array<{ to: string[]; subject: string; text: string }> }> {
  const received: Array<{ to: string[]; subject: string; text: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject ?? '', text: mail.text ?? '' }))
        .then(() => callback(), callback);
    },
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${port}`, received };
}

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  cleanups.push(() => h.close());
  return h;
}

const summaries = (h: Harness, leadId: string) => h.app.lifecycle.history(leadId).map((entry) => entry.summary);

describe('rules that attach collateral', () => {
  it('attach it to the lead by reference once, however often the lead is routed', async () => {
    const h = await harness();
    await seed(h, {
      users: PEOPLE,
      boxes: [ROOT],
      rules: [rule('kit', [{ type: 'attachCollateral', ref: 'collateral/partner-kit.pdf' }, { type: 'attachCollateral', ref: 'collateral/prices' }, { type: 'routeToUser', userId: 'anna' }])],
    });
    const leadId = await h.arrive();
    const lead = h.app.lifecycle.lead(leadId)!;
    expect(lead.attachments).toEqual([
      { name: 'partner-kit.pdf', mimeType: 'application/pdf', size: 0, ref: 'collateral/partner-kit.pdf' },
      { name: 'prices', mimeType: 'application/octet-stream', size: 0, ref: 'collateral/prices' },
    ]);
    expect(summaries(h, leadId)).toEqual(expect.arrayContaining(['Attached partner-kit.pdf', 'Attached prices']));

    h.app.lifecycle.act(leadId, 'anna', { type: 'reject', leadId, reason: 'not my territory' });
    expect(h.app.lifecycle.lead(leadId)!.attachments).toHaveLength(2);
    expect(summaries(h, leadId).filter((s) => s.startsWith('Attached'))).toHaveLength(2);
  });
});

describe('rules that notify', () => {
  it('email whoever the lead was offered to, and the user a rule names, from their view of the lead', async () => {
    const mail = await smtp();
    const h = await harness({ smtp: { url: mail.url, from: 'relay@example.com' }, isOnline: () => true });
    await seed(h, {
      users: PEOPLE,
      boxes: [ROOT],
      rules: [
        rule('to-anna', [{ type: 'routeToUser', userId: 'anna' }, { type: 'withholdFields', fields: ['email', 'lastName'] }, { type: 'notify', channel: 'email', template: 'Hot lead' }]),
        rule('tell-mia', [{ type: 'notify', channel: 'email', template: 'Team lead arrived', to: 'mia' }], { order: 20 }),
      ],
    });
    const leadId = await h.arrive({ firstName: 'Grace', lastName: 'Hopperfield', email: 'grace@secret.example', company: 'Navy Labs' });
    expect(summaries(h, leadId)).toEqual(expect.arrayContaining(['Notified Anna Berg by email: Hot lead', 'Notified Mia Chen by email: Team lead arrived']));
    h.clock.now += 1_000;
    expect((await h.app.scheduler.tick()).emailed).toBe(2);
    const toAnna = mail.received.find((m) => m.to.includes('anna@example.com'))!;
    expect(toAnna.subject).toBe('Hot lead: Grace, Navy Labs');
    expect(toAnna.text).toContain('the rule "to-anna" asks for your attention (Hot lead)');
    const toMia = mail.received.find((m) => m.to.includes('mia@example.com'))!;
    expect(toMia.subject).toBe('Team lead arrived: Grace, Navy Labs');
    // Withheld until someone accepts: no notice carries them, to the offeree or anyone else.
    for (const { subject, text } of [toAnna, toMia]) for (const secret of ['Hopperfield', 'grace@secret.example']) expect(`${subject}\n${text}`).not.toContain(secret);
  });

  it('send desktop notices live to the user after the commit, and record what could not be sent', async () => {
    const h = await harness();
    await seed(h, {
      users: PEOPLE,
      boxes: [ROOT],
      rules: [
        rule('to-anna', [
          { type: 'routeToUser', userId: 'anna' },
          { type: 'notify', channel: 'desktop', template: 'Call within the hour' },
          { type: 'notify', channel: 'sms', template: 'Hot lead' },
          { type: 'notify', channel: 'email', template: 'Hot lead' },
        ]),
      ],
    });
    const events: OfferEvent[] = [];
    h.app.lifecycle.events.on('offer', (event) => events.push(event));
    const leadId = await h.arrive();
    expect(events).toContainEqual({ type: 'notice', leadId, userId: 'anna', at: h.clock.now, title: 'Call within the hour' });
    const history = h.app.lifecycle.history(leadId).filter((entry) => entry.kind === 'rule' && 'channel' in entry.data);
    expect(history.map((entry) => [entry.summary, entry.data.sent])).toEqual([
      ['Notified Anna Berg by desktop: Call within the hour', true],
      ['Notice "Hot lead" to Anna Berg by sms not sent: no sms gateway is set up on this server', false],
      ['Notice "Hot lead" to Anna Berg by email not sent: email is not set up on this server (LEADRELAY_SMTP_URL)', false],
    ]);
  });

  it('record a notice with no one to tell when the lead waits unoffered', async () => {
    const h = await harness();
    await seed(h, { users: PEOPLE, boxes: [ROOT], rules: [rule('shout', [{ type: 'notify', channel: 'desktop', template: 'Unassigned lead' }])] });
    const leadId = await h.arrive();
    expect(summaries(h, leadId)).toContain('Notice "Unassigned lead" not sent: no one was offered the lead and the rule names no one');
  });
});
