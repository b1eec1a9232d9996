import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../server/build-server.ts';
import { createMailboxPoller, type MailboxOptions } from '../../../server/intake/mailbox.ts';

const USER = 'leads@relay.test';
const PASSWORD = 'imap-pw';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, log: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Dovecot did not listen on ${port}; its log:\n${readFileSync(log, 'utf8')}`);
}

let dovecot: ChildProcess;
let dir: string;
let imap: MailboxOptions;
let app: FastifyInstance;
let dataDir: string;

beforeAll(async () => {
  if (spawnSync('which', ['dovecot']).status !== 0) {
    throw new Error('email intake tests need Dovecot: install it with `apt-get install -y dovecot-imapd dovecot-lmtpd` (CI does this in .ci/run)');
  }
  dir = mkdtempSync(join(tmpdir(), 'leadrelay-dovecot-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'home'));
  spawnSync('chown', ['nobody:nogroup', join(dir, 'home')]);
  const port = await freePort();
  const lmtp = await freePort();
  writeFileSync(join(dir, 'users'), `${USER}:{PLAIN}${PASSWORD}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `protocols = imap lmtp
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtp}
  }
}
namespace inbox {
  inbox = yes
}
`,
  );
  dovecot = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  await waitForPort(port, join(dir, 'dovecot.log'));
  imap = { host: '127.0.0.1', port, secure: false, user: USER, password: PASSWORD, intervalMs: 60_000 };
  dataDir = mkdtempSync(join(tmpdir(), 'leadrelay-email-intake-'));
  app = await buildServer({ role: 'central', dataDir, adminToken: 'x', schedulerIntervalMs: 0 });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  dovecot?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function withImap<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: USER, pass: PASSWORD }, logger: false });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

const deliver = (message: string) => withImap((client) => client.append('INBOX', message.replace(/\r?\n/g, '\r\n')));
/** `LeadRelay/Processed` in whatever hierarchy delimiter the server uses ('.' for Dovecot's maildir). */
const countIn = (mailbox: string) =>
  withImap(async (client) => {
    const path = (await client.list()).find((box) => box.path.split(box.delimiter).join('/') === mailbox)?.path ?? mailbox;
    const status = await client.status(path, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  });
const leadCount = () => app.store.db.prepare('SELECT count(*) FROM leads').pluck().get() as number;
const poller = (afterRecord?: (key: string) => void) => createMailboxPoller(imap, { intake: app.intake, db: app.store.db, now: Date.now, log: app.log, afterRecord });

const ADF = `<?xml version="1.0"?><?adf version="1.0"?><adf><prospect><requestdate>2024-05-01T10:00:00Z</requestdate><customer><contact><name part="first">Kai</name><name part="last">Nord</name><email>kai.nord@example.no</email></contact></customer><vehicle><year>2022</year><make>Volvo</make><model>XC40</model></vehicle></prospect></adf>`;

function mail(id: string, subject: string, body: string, extraHeaders = ''): string {
  return `From: Lead Portal <portal@leads.example>\nTo: ${USER}\nSubject: ${subject}\nMessage-ID: <${id}@leads.example>\nDate: Wed, 01 May 2024 10:00:00 +0000\nMIME-Version: 1.0\n${extraHeaders}${body}`;
}

describe('email intake against a real Dovecot', () => {
  it('turns an ADF attachment and a plain-text message into leads, keeps the raw message and files both as processed', async () => {
    const boundary = 'b1';
    await deliver(
      mail('adf-1', 'New lead', `--${boundary}\nContent-Type: text/plain\n\nLead attached.\n--${boundary}\nContent-Type: application/xml; name="lead.xml"\nContent-Disposition: attachment; filename="lead.xml"\n\n${ADF}\n--${boundary}--\n`, `Content-Type: multipart/mixed; boundary="${boundary}"\n`),
    );
    await deliver(mail('text-1', 'Website enquiry', 'Content-Type: text/plain; charset=utf-8\n\nName: Ola Berg\nEmail: ola.berg@example.se\nPhone: +46 8 123 456 78\nCompany: Berg Bygg AB\n'));
    const summary = await poller().pollOnce();
    expect(summary).toEqual({ processed: 2, failed: 0, refiled: 0 });
    const leads = app.store.db.prepare('SELECT first_name, last_name, email, product, source FROM leads ORDER BY email').all();
    expect(leads).toEqual([
      { first_name: 'Kai', last_name: 'Nord', email: 'kai.nord@example.no', product: '2022 Volvo XC40', source: 'email' },
      { first_name: 'Ola', last_name: 'Berg', email: 'ola.berg@example.se', product: null, source: 'email' },
    ]);
    const raw = app.store.db.prepare("SELECT body FROM intake_raw WHERE format = 'email' ORDER BY received_at").pluck().all() as Buffer[];
    expect(raw.some((body) => body.toString().includes('Message-ID: <text-1@leads.example>'))).toBe(true);
    expect(await countIn('INBOX')).toBe(0);
    expect(await countIn('LeadRelay/Processed')).toBe(2);
  });

  it('after a crash between storing the lead and filing the message, the restart only files it', async () => {
    const before = leadCount();
    await deliver(mail('crash-1', 'Enquiry', 'Content-Type: text/plain\n\nName: Rita Sun\nEmail: rita.sun@example.com\n'));
    const crashing = poller(() => {
      throw new Error('simulated crash after insert, before move');
    });
    await expect(crashing.pollOnce()).rejects.toThrow('simulated crash');
    expect(leadCount()).toBe(before + 1);
    expect(await countIn('INBOX')).toBe(1);
    const restarted = await poller().pollOnce();
    expect(restarted).toEqual({ processed: 0, failed: 0, refiled: 1 });
    expect(leadCount()).toBe(before + 1);
    expect(await countIn('INBOX')).toBe(0);
    expect(app.store.db.prepare("SELECT outcome, filed_at IS NOT NULL AS filed FROM mail_messages WHERE message_key = '<crash-1@leads.example>'").get()).toEqual({ outcome: 'processed', filed: 1 });
  });

  it('files a message that cannot become a lead under LeadRelay/Failed with the reason', async () => {
    const before = leadCount();
    await deliver(`From: <>\nTo: ${USER}\nSubject: hello\nMessage-ID: <junk-1@x>\n\nNothing useful here.\n`);
    expect(await poller().pollOnce()).toEqual({ processed: 0, failed: 1, refiled: 0 });
    expect(leadCount()).toBe(before);
    expect(await countIn('LeadRelay/Failed')).toBe(1);
    expect(app.store.db.prepare("SELECT reason FROM mail_messages WHERE message_key = '<junk-1@x>'").pluck().get()).toMatch(/message\[0\]\.contact: needs at least an email/);
  });
});
