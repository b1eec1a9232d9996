import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { rule, seed, startHarness, type Harness } from './routing-fixture.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Received {
  to: string[];
  subject: string;
  text: string;
}

function smtpServer(received: Received[]): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject ?? '', text: mail.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
}

const listen = (server: SMTPServer, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
  });
const close = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('offer notification by email', () => {
  it('queues while the SMTP server is down, then delivers the lead name without the withheld fields', async () => {
    const received: Received[] = [];
    // Find a free port, then leave it closed: the SMTP server is "down" at first.
    const probe = smtpServer(received);
    const port = await listen(probe, 0);
    await close(probe);

    const h: Harness = await startHarness({ smtp: { url: `smtp://127.0.0.1:${port}`, from: 'LeadRelay <relay@example.com>' } });
    cleanups.push(() => h.close());
    await seed(h, {
      users: [{ id: 'anna', name: 'Anna Berg', email: 'anna@example.com', role: 'rep' }],
      boxes: [{ id: 'root', parentId: null, name: 'System' }],
      rules: [rule('to-anna', [{ type: 'routeToUser', userId: 'anna' }, { type: 'withholdFields', fields: ['email', 'phone', 'lastName'] }])],
    });
    await h.arrive({ firstName: 'Grace', lastName: 'Hopperfield', email: 'grace.secret@canary.example', phone: '+49 30 5550123', company: 'Navy Labs' });

    const first = await h.app.scheduler.tick();
    expect(first.emailed).toBe(0);
    const queued = h.app.store.db.prepare('SELECT attempts, sent_at, last_error FROM email_outbox').all() as Array<{ attempts: number; sent_at: number | null; last_error: string | null }>;
    expect(queued).toEqual([{ attempts: 1, sent_at: null, last_error: expect.any(String) }]);

    const smtp = smtpServer(received);
    await listen(smtp, port);
    cleanups.push(() => close(smtp));
    expect((await h.app.scheduler.tick()).emailed).toBe(0); // not due yet: back-off
    h.clock.now += 60_000;
    expect((await h.app.scheduler.tick()).emailed).toBe(1);

    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.to).toEqual(['anna@example.com']);
    expect(mail.subject).toBe('New lead: Grace, Navy Labs');
    expect(mail.text).toContain('Name:      Grace');
    expect(mail.text).toContain('Hidden until you accept: email, phone, lastName');
    for (const secret of ['Hopperfield', 'grace.secret', 'canary.example', '5550123']) expect(`${mail.subject}\n${mail.text}`).not.toContain(secret);
    expect((await h.app.scheduler.tick()).emailed).toBe(0); // sent once, never again
  });

  it('sends no email to a user whose workstation is online', async () => {
    const received: Received[] = [];
    const smtp = smtpServer(received);
    const port = await listen(smtp, 0);
    cleanups.push(() => close(smtp));
    const h = await startHarness({ smtp: { url: `smtp://127.0.0.1:${port}`, from: 'relay@example.com' }, isOnline: (userId) => userId === 'anna' });
    cleanups.push(() => h.close());
    await seed(h, {
      users: [{ id: 'anna', name: 'Anna', email: 'anna@example.com', role: 'rep' }, { id: 'ben', name: 'Ben', email: 'ben@example.com', role: 'rep' }],
      boxes: [{ id: 'root', parentId: null, name: 'System' }],
      rules: [rule('grab', [{ type: 'routeUpForGrabs', users: ['anna', 'ben'] }])],
    });
    await h.arrive();
    expect((await h.app.scheduler.tick()).emailed).toBe(1);
    expect(received.map((mail) => mail.to)).toEqual([['ben@example.com']]);

    // Live sync replaces the presence check at run time.
    h.app.setPresence((userId) => userId === 'ben');
    await h.arrive();
    expect((await h.app.scheduler.tick()).emailed).toBe(1);
    expect(received.map((mail) => mail.to)).toEqual([['ben@example.com'], ['anna@example.com']]);
  });
});
